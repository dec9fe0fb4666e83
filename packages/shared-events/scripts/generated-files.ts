import { fileURLToPath } from 'node:url';
import { renderStandaloneValidators } from '@ecommerce/json-validation/standalone';
import { acceptedVersions, eventTypes, type EventType } from '../src/catalog.js';
import * as common from '../src/schemas/common.js';
import { envelopeSchema, eventSchema } from '../src/schemas/envelope.js';

// The schemas inline the envelope and the building blocks of common.ts (see there), and so would
// the code ajv generates from them: the checks of a money amount, written out again at each of its
// twenty places. Compiled instead in a form that refers to one copy of each, so that a function
// bundles every check once, and only for the event types it imports from
// `@ecommerce/shared-events/validators`. The form accepts and rejects exactly what eventSchema(type)
// does, with the same errors (test/unit/generated.test.ts compares the two).

// Each block is a schema of its own: ajv compiles a definition inside a document once for every
// schema that refers to it, a schema with an $id once for all.
const blockId = (name: string) => `https://schemas.ecommerce.example/events/common/${name}.json`;
const blocks = new Map<unknown, string>(Object.entries(common).map(([name, schema]) => [schema, blockId(name)]));

/** `schema` with every building block of common.ts inside it (found by identity) replaced by a $ref to its one schema. */
const referringToBlocks = (schema: unknown, root = true): unknown => {
  if (!root && blocks.has(schema)) return { $ref: blocks.get(schema) };
  if (Array.isArray(schema)) return schema.map((item) => referringToBlocks(item, false));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, referringToBlocks(value, false)]));
};

const blockSchemas = Object.entries(common).map(([name, schema]) => ({
  $id: blockId(name),
  ...(referringToBlocks(schema) as object),
}));

/** The schema of one version of an event type as the envelope plus what the type pins down: its type, version, source and payload. */
const compiledEventSchema = (type: EventType, version: number) => {
  const { $id, properties } = eventSchema(type, version);
  const envelopeProperties: Record<string, unknown> = envelopeSchema.properties;
  const own = Object.entries(properties).filter(([name, schema]) => schema !== envelopeProperties[name]);
  return {
    $id,
    type: 'object',
    allOf: [{ $ref: envelopeSchema.$id }],
    properties: referringToBlocks(Object.fromEntries(own)),
  };
};

/**
 * What the validator of a type accepts: the schema of its one version, or, for a type with earlier
 * versions still accepted, the schema of the version the event names (as acceptedEventSchema).
 */
const acceptedSchemas = (type: EventType) => {
  const versions = acceptedVersions(type);
  const schemas = versions.map((version) => compiledEventSchema(type, version));
  if (versions.length === 1) return { schemas, id: schemas[0]!.$id };
  const [current, ...earlier] = [...schemas].reverse();
  const chosen = earlier.reduce<object>(
    (otherwise, schema, index) => ({
      if: { type: 'object', properties: { version: { const: versions[versions.length - 2 - index] } } },
      then: { $ref: schema.$id },
      else: otherwise,
    }),
    { $ref: current!.$id },
  );
  const id = `https://schemas.ecommerce.example/events/${type}/accepted.json`;
  return { schemas: [...schemas, { $id: id, ...chosen }], id };
};

/** Every file generated from the event schemas, by path, with its expected content. */
export const renderGeneratedFiles = (): Record<string, string> =>
  renderStandaloneValidators({
    module: fileURLToPath(new URL('../src/generated/event-validators', import.meta.url)),
    dialect: 'draft-07',
    // A referenced schema is called, not copied into each schema that refers to it.
    options: { inlineRefs: false },
    schemas: [envelopeSchema, ...blockSchemas, ...eventTypes.flatMap((type) => acceptedSchemas(type).schemas)],
    exports: {
      envelope: envelopeSchema.$id,
      ...Object.fromEntries(eventTypes.map((type) => [type, acceptedSchemas(type).id])),
    },
    banner:
      '// Generated from packages/shared-events/src/schemas by `pnpm --filter @ecommerce/shared-events generate`. Do not edit.',
  });
