import { acceptedVersions, catalogEntry, eventCatalog, eventTypes, type EventType } from './catalog.js';
import { earlierExampleData, exampleEvent } from './examples.js';
import { eventSchema } from './schemas/envelope.js';

const operationId = (type: string): string =>
  `publish${type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`;

/** Each message of the document: every type's current version under its name, an earlier one as `<type>_v<version>`. */
const messagesOf = (type: EventType) =>
  acceptedVersions(type).map((version) => {
    const current = version === eventCatalog[type].version;
    const example = current
      ? exampleEvent(type)
      : exampleEvent(type, {
          version,
          data: (earlierExampleData as unknown as Record<string, Record<number, unknown>>)[type]![version],
        });
    return {
      key: current ? type : `${type}_v${version}`,
      message: {
        name: type,
        title: current ? type : `${type} v${version} (still accepted, no longer emitted)`,
        summary: catalogEntry(type, version).summary,
        headers: {
          type: 'object',
          description: 'SNS message attributes',
          required: ['type'],
          properties: { type: { type: 'string', const: type } },
        },
        payload: eventSchema(type, version),
        examples: [{ headers: { type }, payload: example }],
      },
    };
  });

/**
 * The AsyncAPI 3 description of the order-events topic, derived from the event catalog.
 * resources/events.yaml is this document written out; a test fails when the two differ.
 */
export const buildAsyncApiDocument = () => ({
  asyncapi: '3.0.0',
  info: {
    title: 'Order events',
    version: '1.0.0',
    description: [
      'Every event of the order pipeline travels on one SNS topic, `order-events-<stage>`, as a JSON envelope.',
      'The SNS message attribute `type` repeats the envelope type so that each subscription filters on it.',
      'Delivery is at least once and in no guaranteed order: consumers deduplicate on `id`.',
    ].join('\n'),
  },
  defaultContentType: 'application/json',
  channels: {
    orderEvents: {
      address: 'order-events-{stage}',
      title: 'The order-events SNS topic',
      parameters: { stage: { description: 'deployment stage, for example `dev` or `prod`' } },
      messages: Object.fromEntries(
        eventTypes.flatMap(messagesOf).map(({ key }) => [key, { $ref: `#/components/messages/${key}` }]),
      ),
    },
  },
  operations: Object.fromEntries(
    eventTypes.map((type) => [
      operationId(type),
      {
        action: 'send',
        summary: `${eventCatalog[type].source} emits ${type}`,
        channel: { $ref: '#/channels/orderEvents' },
        messages: messagesOf(type).map(({ key }) => ({ $ref: `#/channels/orderEvents/messages/${key}` })),
      },
    ]),
  ),
  components: {
    messages: Object.fromEntries(eventTypes.flatMap(messagesOf).map(({ key, message }) => [key, message])),
  },
});
