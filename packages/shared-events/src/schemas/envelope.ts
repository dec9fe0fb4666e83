import { acceptedVersions, catalogEntry, eventCatalog, type EventType } from '../catalog.js';
import { idSchema } from './common.js';

const envelopeProperties = {
  id: { type: 'string', format: 'uuid', description: 'unique id of this event; consumers deduplicate on it' },
  type: { type: 'string', description: 'the event type; also carried as the SNS message attribute `type`' },
  version: { type: 'integer', minimum: 1, description: 'version of the payload schema of this type' },
  source: { type: 'string', description: 'the service that emitted the event' },
  time: { type: 'string', format: 'date-time', description: 'when it happened, ISO-8601 UTC' },
  orderId: { ...idSchema, description: 'the order the event is about' },
  causationId: {
    type: 'string',
    format: 'uuid',
    description: 'id of the event that caused this one, when there is one',
  },
  data: { type: 'object', description: "the type's payload" },
} as const;

const envelopeRequired = ['id', 'type', 'version', 'source', 'time', 'orderId', 'data'] as const;

/**
 * The envelope fields whose type does not depend on the event type; the TypeScript envelope type is
 * derived from this schema and the catalog entry of each type.
 */
export const envelopeHeaderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'time', 'orderId'],
  properties: {
    id: envelopeProperties.id,
    time: envelopeProperties.time,
    orderId: envelopeProperties.orderId,
    causationId: envelopeProperties.causationId,
  },
} as const;

/**
 * What every message on the topic has in common. Validating against it first gives a clear error
 * for a message that is not an event at all, before the type-specific schema is chosen.
 */
export const envelopeSchema = {
  $id: 'https://schemas.ecommerce.example/events/envelope.json',
  type: 'object',
  additionalProperties: false,
  required: envelopeRequired,
  properties: { ...envelopeProperties, type: { ...envelopeProperties.type, enum: Object.keys(eventCatalog) } },
} as const;

/**
 * The complete schema of one version of an event type (by default the one producers emit): the
 * envelope with its type, version, source and payload pinned.
 */
export const eventSchema = <T extends EventType>(type: T, version: number = eventCatalog[type].version) => {
  const entry = catalogEntry(type, version);
  return {
    $id: `https://schemas.ecommerce.example/events/${type}/v${version}.json`,
    title: version === eventCatalog[type].version ? type : `${type} v${version}`,
    description: entry.summary,
    type: 'object',
    additionalProperties: false,
    required: envelopeRequired,
    properties: {
      ...envelopeProperties,
      type: { ...envelopeProperties.type, const: type },
      version: { ...envelopeProperties.version, const: version },
      source: { ...envelopeProperties.source, const: eventCatalog[type].source },
      data: entry.data,
    },
  } as const;
};

/**
 * What consumers of a type accept: its current version and every earlier one still listed, each
 * judged by its own schema (chosen by `version`, so that errors speak of that version only).
 */
export const acceptedEventSchema = (type: EventType): object => {
  const [current, ...earlier] = acceptedVersions(type)
    .reverse()
    .map((version) => ({ version, schema: eventSchema(type, version) }));
  if (earlier.length === 0) return current!.schema;
  return earlier.reduce<object>(
    (otherwise, { version, schema }) => ({
      if: { type: 'object', properties: { version: { const: version } } },
      then: schema,
      else: otherwise,
    }),
    current!.schema,
  );
};
