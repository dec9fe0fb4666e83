import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/form.js';
import type { KeyState, Store } from '../../src/store.js';
import { createStripeApi, type ApiRequest } from '../../src/stripe-api.js';

/** The sandbox's table, in memory. */
const memoryStore = (): Store => {
  const keys = new Map<string, KeyState>();
  const objects = new Map<string, unknown>();
  return {
    getKey: async (key) => keys.get(key),
    claimKey: async (key, requestHash, failures) => {
      const known = keys.get(key);
      if (known && known.state !== 'retryable') return false;
      keys.set(key, { state: 'in_flight', requestHash, failures });
      return true;
    },
    settleKey: async (key, state) => void keys.set(key, state),
    getObject: async <T>(id: string) => (objects.has(id) ? ({ object: objects.get(id) } as T) : undefined),
    putObject: async (id, object) => void objects.set(id, object),
    listObjects: async <T>(prefix: string) =>
      [...objects.entries()].filter(([id]) => id.startsWith(prefix)).map(([, o]) => o as T),
  };
};

const paymentIntent = (paymentMethod: string, idempotencyKey?: string): ApiRequest => ({
  method: 'POST',
  path: '/v1/payment_intents',
  query: {},
  form: parseForm(`amount=4488&currency=eur&payment_method=${paymentMethod}&confirm=true&metadata[orderId]=ord-1`),
  authorization: 'Bearer sk_test_local',
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

describe('the Stripe sandbox', () => {
  it('reads bracketed form fields as Stripe sends them', () => {
    expect(parseForm('amount=1&metadata[orderId]=ord-1&metadata[invoiceId]=inv-1')).toEqual({
      amount: '1',
      metadata: { orderId: 'ord-1', invoiceId: 'inv-1' },
    });
  });

  it('confirms pm_card_visa', async () => {
    const api = createStripeApi(memoryStore());

    const response = await api(paymentIntent('pm_card_visa'));

    expect(response).toMatchObject({
      statusCode: 200,
      body: { object: 'payment_intent', status: 'succeeded', amount: 4488, metadata: { orderId: 'ord-1' } },
    });
  });

  it('declines pm_card_chargeDeclined with a 402 card_error, as Stripe does', async () => {
    const response = await createStripeApi(memoryStore())(paymentIntent('pm_card_chargeDeclined'));

    expect(response).toMatchObject({
      statusCode: 402,
      body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' } },
    });
  });

  it('replays the first answer of an idempotency key, and refuses the key with other parameters', async () => {
    const api = createStripeApi(memoryStore());
    const first = await api(paymentIntent('pm_card_visa', 'key-1'));

    const replay = await api(paymentIntent('pm_card_visa', 'key-1'));
    const misuse = await api(paymentIntent('pm_card_mastercard', 'key-1'));

    expect(replay.body).toEqual(first.body);
    expect(replay.headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(misuse).toMatchObject({ statusCode: 400, body: { error: { type: 'idempotency_error' } } });
  });

  it('fails pm_card_transientFailure twice with a retryable 500, then succeeds under the same key', async () => {
    const api = createStripeApi(memoryStore());

    const answers = [
      await api(paymentIntent('pm_card_transientFailure', 'k')),
      await api(paymentIntent('pm_card_transientFailure', 'k')),
    ];
    const third = await api(paymentIntent('pm_card_transientFailure', 'k'));

    expect(answers.map((a) => [a.statusCode, a.headers?.['stripe-should-retry']])).toEqual([
      [500, 'true'],
      [500, 'true'],
    ]);
    expect(third).toMatchObject({ statusCode: 200, body: { status: 'succeeded' } });
  });

  it('refuses a request without a test secret key', async () => {
    const response = await createStripeApi(memoryStore())({
      ...paymentIntent('pm_card_visa'),
      authorization: 'Bearer sk_live_real',
    });

    expect(response.statusCode).toBe(401);
  });
});
