import { eventCatalog, eventTypes } from './catalog.js';
import { exampleEvent } from './examples.js';
import { eventSchema } from './schemas/envelope.js';

const operationId = (type: string): string =>
  `publish${type
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`;

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
      messages: Object.fromEntries(eventTypes.map((type) => [type, { $ref: `#/components/messages/${type}` }])),
    },
  },
  operations: Object.fromEntries(
    eventTypes.map((type) => [
      operationId(type),
      {
        action: 'send',
        summary: `${eventCatalog[type].source} emits ${type}`,
        channel: { $ref: '#/channels/orderEvents' },
        messages: [{ $ref: `#/channels/orderEvents/messages/${type}` }],
      },
    ]),
  ),
  components: {
    messages: Object.fromEntries(
      eventTypes.map((type) => [
        type,
        {
          name: type,
          title: type,
          summary: eventCatalog[type].summary,
          headers: {
            type: 'object',
            description: 'SNS message attributes',
            required: ['type'],
            properties: { type: { type: 'string', const: type } },
          },
          payload: eventSchema(type),
          examples: [{ headers: { type }, payload: exampleEvent(type) }],
        },
      ]),
    ),
  },
});
