import { describe, expect, it } from 'vitest';
import { backoffMs, deliver, deliverAll, send } from '../../src/deliver.js';
import { verify } from '../../src/signature.js';

const secret = 'whsec_local_carrier';

/** A receiver that answers each POST with the next status of `statuses` (the last one again when they run out). */
const receiver = (statuses: number[]) => {
  const received: Array<{ url: string; body: string; signature: string | null }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    received.push({ url, body: init.body as string, signature: new Headers(init.headers).get('carrier-signature') });
    return new Response(null, { status: statuses[Math.min(received.length, statuses.length) - 1] });
  }) as unknown as typeof globalThis.fetch;
  return { received, fetch };
};

/** A clock that sleeping moves forward. */
const clock = () => {
  let ms = 1_800_000_000_000;
  return { now: () => ms, sleep: async (delay: number) => void (ms += delay) };
};

const webhook = { url: 'http://127.0.0.1:3005/carrier/webhooks', body: '{"id":"evt_1"}' };

describe('send', () => {
  it('POSTs the body with a signature the receiver verifies', async () => {
    const { received, fetch } = receiver([200]);

    const attempt = await send(webhook, { secret, signatureHeader: 'Carrier-Signature', fetch });

    expect(attempt).toEqual({ ok: true, status: 200 });
    expect(received[0]!.body).toBe(webhook.body);
    expect(() => verify({ header: received[0]!.signature ?? undefined, body: webhook.body, secret })).not.toThrow();
  });

  it('counts an unreachable receiver as a failed attempt', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;

    expect(await send(webhook, { secret, signatureHeader: 'Carrier-Signature', fetch })).toEqual({
      ok: false,
      status: undefined,
    });
  });
});

describe('deliver', () => {
  it('retries what gets no 2xx, with growing waits, until it is taken', async () => {
    const { received, fetch } = receiver([500, 503, 400, 200]);
    const waits: number[] = [];
    const time = clock();

    const delivery = await deliver(webhook, {
      secret,
      signatureHeader: 'Carrier-Signature',
      fetch,
      now: time.now,
      sleep: async (ms) => {
        waits.push(ms);
        await time.sleep(ms);
      },
      random: () => 1,
    });

    expect(delivery).toEqual({ delivered: true, attempts: 4, lastStatus: 200 });
    expect(received).toHaveLength(4);
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it('gives up once the retry time is spent', async () => {
    const { received, fetch } = receiver([500]);
    const time = clock();

    const delivery = await deliver(webhook, {
      secret,
      signatureHeader: 'Carrier-Signature',
      fetch,
      ...time,
      retryForMs: 10 * 60_000,
    });

    expect(delivery.delivered).toBe(false);
    expect(delivery.lastStatus).toBe(500);
    expect(received.length).toBeGreaterThan(5);
  });

  it('sends a delivered webhook a second time when the dice say so', async () => {
    const { received, fetch } = receiver([200]);

    const delivery = await deliver(webhook, { secret, signatureHeader: 'Carrier-Signature', fetch, duplicateProbability: 1 });

    expect(delivery.attempts).toBe(2);
    expect(received.map(({ body }) => body)).toEqual([webhook.body, webhook.body]);
  });
});

describe('backoffMs', () => {
  it('doubles from the first delay up to the cap, with jitter of up to a half', () => {
    expect([1, 2, 3, 10].map((n) => backoffMs(n, { random: () => 1 }))).toEqual([1_000, 2_000, 4_000, 60_000]);
    expect(backoffMs(2, { random: () => 0 })).toBe(1_000);
  });
});

describe('deliverAll', () => {
  const webhooks = [1, 2, 3, 4].map((n) => ({ url: webhook.url, body: `{"id":"evt_${n}"}` }));

  it('sends in the given order unless told otherwise', async () => {
    const { received, fetch } = receiver([200]);

    await deliverAll(webhooks, { secret, signatureHeader: 'Carrier-Signature', fetch });

    expect(received.map(({ body }) => body)).toEqual(webhooks.map(({ body }) => body));
  });

  it('sends every webhook once, in another order, when out of order', async () => {
    const { received, fetch } = receiver([200]);

    const deliveries = await deliverAll(webhooks, {
      secret,
      signatureHeader: 'Carrier-Signature',
      fetch,
      outOfOrder: true,
      random: () => 0,
    });

    expect(received.map(({ body }) => body)).toEqual(['{"id":"evt_2"}', '{"id":"evt_3"}', '{"id":"evt_4"}', '{"id":"evt_1"}']);
    expect(deliveries.every(({ delivered }) => delivered)).toBe(true);
  });
});
