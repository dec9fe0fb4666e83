import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/form.js';
import type { KeyState, Store } from '../../src/store.js';
import { createStripeApi, type ApiRequest } from '../../src/stripe-api.js';

/** The sandbox's table, in memory. */
const memoryStore = (): Store & { tasks: Map<string, { dueAt: number; task: unknown }> } => {
  const keys = new Map<string, KeyState>();
  const objects = new Map<string, unknown>();
  const tasks = new Map<string, { dueAt: number; task: unknown }>();
  return {
    tasks,
    putTask: async (id, dueAt, task) => void tasks.set(id, { dueAt, task }),
    takeDueTasks: async <T>(prefix: string, now: number) =>
      [...tasks.entries()]
        .filter(([id, { dueAt }]) => id.startsWith(prefix) && dueAt <= now)
        .map(([id, { task }]) => {
          tasks.delete(id);
          return task as T;
        }),
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

const sandbox = { publicUrl: 'http://127.0.0.1:3010' };

describe('the Stripe sandbox', () => {
  it('reads bracketed form fields as Stripe sends them', () => {
    expect(parseForm('amount=1&metadata[orderId]=ord-1&metadata[invoiceId]=inv-1')).toEqual({
      amount: '1',
      metadata: { orderId: 'ord-1', invoiceId: 'inv-1' },
    });
  });

  it('confirms pm_card_visa', async () => {
    const api = createStripeApi(memoryStore(), sandbox);

    const response = await api(paymentIntent('pm_card_visa'));

    expect(response).toMatchObject({
      statusCode: 200,
      body: { object: 'payment_intent', status: 'succeeded', amount: 4488, metadata: { orderId: 'ord-1' } },
    });
  });

  it('declines pm_card_chargeDeclined with a 402 card_error, as Stripe does', async () => {
    const response = await createStripeApi(memoryStore(), sandbox)(paymentIntent('pm_card_chargeDeclined'));

    expect(response).toMatchObject({
      statusCode: 402,
      body: { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' } },
    });
  });

  it('replays the first answer of an idempotency key, and refuses the key with other parameters', async () => {
    const api = createStripeApi(memoryStore(), sandbox);
    const first = await api(paymentIntent('pm_card_visa', 'key-1'));

    const replay = await api(paymentIntent('pm_card_visa', 'key-1'));
    const misuse = await api(paymentIntent('pm_card_mastercard', 'key-1'));

    expect(replay.body).toEqual(first.body);
    expect(replay.headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(misuse).toMatchObject({ statusCode: 400, body: { error: { type: 'idempotency_error' } } });
  });

  it('fails pm_card_transientFailure twice with a retryable 500, then succeeds under the same key', async () => {
    const api = createStripeApi(memoryStore(), sandbox);

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
    const response = await createStripeApi(
      memoryStore(),
      sandbox,
    )({
      ...paymentIntent('pm_card_visa'),
      authorization: 'Bearer sk_live_real',
    });

    expect(response.statusCode).toBe(401);
  });

  describe('payments that settle later', () => {
    const webhooksSent = (store: ReturnType<typeof memoryStore>) =>
      [...store.tasks.entries()]
        .filter(([id]) => id.startsWith('webhook_'))
        .map(([, { task }]) => (task as { type: string }).type);
    const form = (body: string, path: string): ApiRequest => ({ method: 'POST', path, query: {}, form: parseForm(body) });

    it('asks for 3-D Secure on pm_card_threeDSecure2Required, with a page of its own to go to', async () => {
      const api = createStripeApi(memoryStore(), sandbox);

      const { body } = await api(paymentIntent('pm_card_threeDSecure2Required'));

      expect(body).toMatchObject({ status: 'requires_action', next_action: { type: 'redirect_to_url' } });
      const url = (body as { next_action: { redirect_to_url: { url: string } } }).next_action.redirect_to_url.url;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3010\/authenticate\/pi_[a-f0-9]+$/);
      const authenticationPage = await api({ method: 'GET', path: new URL(url).pathname, query: {}, form: {} });
      expect(authenticationPage.body).toContain('Complete authentication');
      expect(authenticationPage.body).toContain('Fail authentication');
    });

    it.each([
      ['complete', 'succeeded', 'payment_intent.succeeded'],
      ['fail', 'requires_payment_method', 'payment_intent.payment_failed'],
    ])(
      'settles pm_card_authenticationRequired when the customer posts %s, once, and says so by webhook',
      async (outcome, status, type) => {
        const store = memoryStore();
        const api = createStripeApi(store, sandbox);
        const { body } = await api(paymentIntent('pm_card_authenticationRequired'));
        const { id } = body as { id: string };

        const answer = await api(form(`outcome=${outcome}`, `/authenticate/${id}`));
        const again = await api(form('outcome=complete', `/authenticate/${id}`));

        expect(answer.statusCode).toBe(200);
        expect(again.statusCode).toBe(409);
        expect(
          (
            await api({
              method: 'GET',
              path: `/v1/payment_intents/${id}`,
              query: {},
              form: {},
              authorization: 'Bearer sk_test_local',
            })
          ).body,
        ).toMatchObject({ status });
        expect(webhooksSent(store)).toEqual([type]);
      },
    );

    it.each([
      ['pm_sepaDebit', 'succeeded', 'payment_intent.succeeded'],
      ['pm_sepaDebitFails', 'requires_payment_method', 'payment_intent.payment_failed'],
    ])('keeps %s processing until its delay is over, then settles it as %s', async (method, status, type) => {
      let now = 1_000_000;
      const store = memoryStore();
      const api = createStripeApi(store, { ...sandbox, clock: () => now });
      const { body } = await api(paymentIntent(method));
      const read = () =>
        api({
          method: 'GET',
          path: `/v1/payment_intents/${(body as { id: string }).id}`,
          query: {},
          form: {},
          authorization: 'Bearer sk_test_local',
        });

      expect(body).toMatchObject({ status: 'processing' });
      expect(await api.settleDueDebits()).toBe(0);
      now += 3_000;
      expect(await api.settleDueDebits()).toBe(1);

      expect((await read()).body).toMatchObject({ status });
      expect(webhooksSent(store)).toEqual(['payment_intent.processing', type]);
    });

    it('cancels a PaymentIntent that waits for its customer, and refuses to cancel one that succeeded', async () => {
      const api = createStripeApi(memoryStore(), sandbox);
      const waiting = (await api(paymentIntent('pm_card_threeDSecure2Required', 'k-1'))).body as { id: string };
      const paid = (await api(paymentIntent('pm_card_visa', 'k-2'))).body as { id: string };
      const cancel = (id: string) =>
        api({
          ...form('cancellation_reason=abandoned', `/v1/payment_intents/${id}/cancel`),
          authorization: 'Bearer sk_test_local',
        });

      expect(await cancel(waiting.id)).toMatchObject({
        statusCode: 200,
        body: { status: 'canceled', cancellation_reason: 'abandoned' },
      });
      expect(await cancel(paid.id)).toMatchObject({
        statusCode: 400,
        body: { error: { code: 'payment_intent_unexpected_state' } },
      });
    });

    it('announces a card payment and its refund by webhook, as Stripe does', async () => {
      const store = memoryStore();
      const api = createStripeApi(store, sandbox);
      const { id } = (await api(paymentIntent('pm_card_visa'))).body as { id: string };

      await api({ ...form(`payment_intent=${id}`, '/v1/refunds'), authorization: 'Bearer sk_test_local' });

      expect(webhooksSent(store)).toEqual(['payment_intent.succeeded', 'charge.refunded']);
    });

    it('fails every refund of pm_card_refundFails, giving nothing back and announcing nothing', async () => {
      const store = memoryStore();
      const api = createStripeApi(store, sandbox);
      const { id } = (await api(paymentIntent('pm_card_refundFails'))).body as { id: string };

      const refund = await api({ ...form(`payment_intent=${id}`, '/v1/refunds'), authorization: 'Bearer sk_test_local' });
      const listed = await api({
        method: 'GET',
        path: '/v1/refunds',
        query: { payment_intent: id },
        form: {},
        authorization: 'Bearer sk_test_local',
      });

      expect(refund).toMatchObject({ statusCode: 200, body: { status: 'failed', failure_reason: 'expired_or_canceled_card' } });
      expect((listed.body as { data: unknown[] }).data).toEqual([]);
      expect(webhooksSent(store)).toEqual(['payment_intent.succeeded']);
    });
  });
});
