import { readFileSync } from 'node:fs';
import { createAjv } from '@ecommerce/json-validation';
import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderGeneratedFiles } from '../../scripts/generated-files.js';
import { eventTypes, type EventType } from '../../src/catalog.js';
import { exampleEvent } from '../../src/examples.js';
import * as eventValidators from '../../src/generated/event-validators.js';
import { acceptedEventSchema, envelopeSchema } from '../../src/schemas/envelope.js';
import { earlierExampleData } from '../../src/examples.js';

describe('the generated validators', () => {
  it('are up to date with the event schemas (run `pnpm --filter @ecommerce/shared-events generate`)', () => {
    for (const [path, expected] of Object.entries(renderGeneratedFiles())) {
      expect(readFileSync(path, 'utf8'), path).toBe(expected);
    }
  });
});

// Every value a mutation puts in place of another: of each JSON type, and strings and numbers just
// past the bounds the schemas set.
const replacements: unknown[] = [null, true, 0, -1, 1.5, 2 ** 53, '', 'x', 'x'.repeat(300), 'ab', 'not-a-uuid', [], [{}], {}];

/** The event with one change at one place: each property removed, replaced, or joined by one it must not have. */
function* mutations(value: unknown): Generator<unknown> {
  for (const replacement of replacements) yield replacement;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      for (const mutated of mutations(item)) yield value.map((other, i) => (i === index ? mutated : other));
    }
    yield [...value, ...value, ...value, ...value];
  } else if (typeof value === 'object' && value !== null) {
    yield { ...value, unexpected: 1 };
    for (const [key, item] of Object.entries(value)) {
      const { [key]: _removed, ...rest } = value as Record<string, unknown>;
      yield rest;
      for (const mutated of mutations(item)) yield { ...value, [key]: mutated };
    }
  }
}

const withoutSchemaPath = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map(({ schemaPath: _, ...error }) => error);

describe('the generated validators, compiled with shared definitions', () => {
  const ajv = createAjv();
  const envelope = ajv.compile(envelopeSchema);

  it.each(eventTypes)('judge every mutation of a %s event as its own schema does, with the same errors', (type: EventType) => {
    const reference = ajv.compile(acceptedEventSchema(type));
    const generated = eventValidators[type];
    let compared = 0;
    const earlier = Object.entries((earlierExampleData as unknown as Record<string, Record<string, unknown>>)[type] ?? {});
    const examples = [
      exampleEvent(type),
      ...earlier.map(([version, data]) => exampleEvent(type, { version: Number(version), data })),
    ];
    for (const candidate of examples.flatMap((example) => [...mutations(example)])) {
      // parseEvent checks the envelope first: only what passes it reaches the validator of a type.
      if (!envelope(candidate)) continue;
      const valid = reference(candidate);
      expect(generated(candidate), JSON.stringify(candidate)).toBe(valid);
      expect(withoutSchemaPath(generated.errors), JSON.stringify(candidate)).toEqual(withoutSchemaPath(reference.errors));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('judge the envelope as its schema does', () => {
    for (const candidate of mutations(exampleEvent('ORDER_CREATED'))) {
      expect(eventValidators.envelope(candidate)).toBe(envelope(candidate));
      expect(withoutSchemaPath(eventValidators.envelope.errors)).toEqual(withoutSchemaPath(envelope.errors));
    }
  });
});
