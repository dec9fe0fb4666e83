import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { eventSchema, eventTypes, parseEvent } from '../../src/index.js';
import { eventsDocumentPath, renderEventsDocument } from '../../scripts/events-document.js';
import * as eventValidators from '../../src/generated/event-validators.js';

const committed = readFileSync(eventsDocumentPath, 'utf8');

describe('resources/events.yaml', () => {
  it('is exactly what the schemas generate (run `pnpm --filter @ecommerce/shared-events generate:asyncapi`)', () => {
    expect(committed).toBe(renderEventsDocument());
  });

  it.each(eventTypes)('describes %s with the payload schema that validators use', (type) => {
    const document = parse(committed) as { components: { messages: Record<string, { payload: unknown }> } };

    expect(document.components.messages[type]?.payload).toEqual(eventSchema(type));
  });

  it.each(eventTypes)('shows a %s example that the validators accept', (type) => {
    const document = parse(committed) as { components: { messages: Record<string, { examples: Array<{ payload: unknown }> }> } };

    const [example] = document.components.messages[type]!.examples;

    expect(parseEvent(example!.payload, eventValidators).type).toBe(type);
  });

  it('describes no event that the schemas do not know', () => {
    const document = parse(committed) as { components: { messages: Record<string, unknown> } };

    expect(Object.keys(document.components.messages).sort()).toEqual([...eventTypes, 'ORDER_MODIFIED_v1'].sort());
  });

  it('describes the earlier version of ORDER_MODIFIED that consumers still accept, with an example they accept', () => {
    const document = parse(committed) as {
      components: { messages: Record<string, { payload: unknown; examples: Array<{ payload: unknown }> }> };
    };
    const v1 = document.components.messages['ORDER_MODIFIED_v1']!;

    expect(v1.payload).toEqual(eventSchema('ORDER_MODIFIED', 1));
    expect(parseEvent(v1.examples[0]!.payload, eventValidators)).toMatchObject({ type: 'ORDER_MODIFIED', version: 1 });
  });
});
