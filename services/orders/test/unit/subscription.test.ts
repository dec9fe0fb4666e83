import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { trackedEventTypes } from '../../src/functions/track-order/track-order.js';

const config = parse(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'), { logLevel: 'silent' }) as {
  functions: { trackOrder: { events: Array<{ sns?: { filterPolicy?: { type?: string[] } } }> } };
};

describe('the trackOrder subscription', () => {
  it('filters on exactly the event types its handler tracks', () => {
    const [subscription] = config.functions.trackOrder.events.filter((event) => event.sns);

    expect([...(subscription?.sns?.filterPolicy?.type ?? [])].sort()).toEqual([...trackedEventTypes].sort());
  });
});
