import { randomUUID } from 'node:crypto';
import type { Order } from '@ecommerce/api-client';
import { reportFigure } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  authenticatePayment,
  journal,
  moneyOf,
  orderFor,
  ordersApiAs,
  paymentIntentsOf,
  placeOrder,
  postPaymentWebhook,
  settling,
  operatorApi,
  someProducts,
} from './stack.js';

needs(
  'local-issuer',
  'event-journal',
  'payment-ledger',
  'payment-sandbox-cards',
  'payment-authentication',
  'payment-webhooks',
  'carrier-sandbox',
  'short-deadlines',
);

/** The first answer of `probe` that is not undefined, asked as vi.waitFor does (stack.ts's `settling`). */
const waitUntil = <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = settling.timeout, intervalMs = settling.interval } = {},
): Promise<T> =>
  vi.waitFor(
    async () => {
      const value = await probe();
      expect(value, what).toBeDefined();
      return value!;
    },
    { timeout: timeoutMs, interval: intervalMs },
  );

/** Places an order paid with `paymentToken`, and reads it as its customer does. */
const orderPaidWith = async (paymentToken: string, { parcelWaits = false } = {}) => {
  const customerId = `cust-${randomUUID()}`;
  const base = orderFor(customerId, await someProducts(1), { paymentToken });
  // The carrier sandbox is down for this city: the paid order waits, and can still be cancelled.
  const deliveryAddress = parcelWaits ? { ...base.deliveryAddress, city: 'Carrier Down' } : base.deliveryAddress;
  const { data, response } = await placeOrder({ ...base, deliveryAddress });
  expect(response.status).toBe(201);
  const orderId = data!.orderId;
  const read = async (): Promise<Order> =>
    (await ordersApiAs(customerId).GET('/orders/{orderId}', { params: { path: { orderId } } })).data!;
  const reaches = (status: Order['status'], timeoutMs = 30_000) =>
    waitUntil(`order ${orderId} ${status}`, async () => ((await read()).status === status ? read() : undefined), { timeoutMs });
  const typesOf = async () => (await journal(orderId)).map((event) => event.type);
  const count = async (type: string) => (await typesOf()).filter((seen) => seen === type).length;
  return { orderId, customerId, total: data!.total, read, reaches, count };
};

/** The customer's order waiting for 3-D Secure, with where the customer authenticates. */
const waitingForAuthentication = async (paymentToken = 'pm_card_threeDSecure2Required', options = {}) => {
  const order = await orderPaidWith(paymentToken, options);
  const waiting = await order.reaches('PAYMENT_ACTION_REQUIRED');
  return { ...order, waiting, nextActionUrl: waiting.payment!.nextActionUrl };
};

/** The order's PaymentIntent at the provider, once billing has created it. */
const intentOf = (orderId: string) =>
  waitUntil(`the PaymentIntent of ${orderId}`, async () => (await paymentIntentsOf(orderId))[0]);

describe('3-D Secure: the customer is asked, and the webhook settles the payment', () => {
  it('pm_card_threeDSecure2Required: requires_action with the bank page, then paid and shipped once authenticated', async () => {
    const order = await waitingForAuthentication();

    expect(order.waiting.payment).toEqual({
      status: 'requires_action',
      nextActionUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3010\/authenticate\/pi_/),
    });
    const answer = await authenticatePayment(order.nextActionUrl, 'complete');
    const shipped = await order.reaches('SHIPPED');

    expect(answer.page).toContain('Complete authentication');
    expect(answer.page).toContain('Fail authentication');
    expect(answer.status).toBe(303);
    expect(shipped).not.toHaveProperty('payment');
    expect(shipped.history.map((entry) => entry.status)).toEqual(
      expect.arrayContaining(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED', 'SHIPPED']),
    );
    expect(await moneyOf(order.orderId)).toMatchObject({ charged: order.total.amount, refunded: 0 });
    expect(await order.count('PAYMENT_CONFIRMED')).toBe(1);
  });

  it('pm_card_authenticationRequired: the bank refuses it when authentication fails, and nothing is charged', async () => {
    const order = await waitingForAuthentication('pm_card_authenticationRequired');

    await authenticatePayment(order.nextActionUrl, 'fail');
    const failed = await order.reaches('PAYMENT_FAILED');

    expect(failed.history.at(-1)?.detail).toMatch(/authentication/i);
    expect(await moneyOf(order.orderId)).toMatchObject({ charged: 0 });
    expect(await order.count('PAYMENT_FAILED')).toBe(1);
  });

  it('cancels the order of a customer who never authenticates, and the PaymentIntent with the provider', async () => {
    const order = await waitingForAuthentication();

    const cancelled = await order.reaches('CANCELLED', 60_000);

    expect(cancelled.history.at(-1)?.detail).toContain('your authentication of the payment did not come through in time');
    await waitUntil('the PaymentIntent canceled at the provider', async () =>
      (await paymentIntentsOf(order.orderId))[0]?.status === 'canceled' ? true : undefined,
    );
    expect(await moneyOf(order.orderId)).toMatchObject({ charged: 0, refunded: 0 });
  });
});

describe('bank debits settle later', () => {
  it('pm_sepaDebit: processing, then paid by webhook, and shipped', async () => {
    const order = await orderPaidWith('pm_sepaDebit');

    await order.reaches('SHIPPED');

    expect(await moneyOf(order.orderId)).toMatchObject({ charged: order.total.amount });
    expect(await order.count('PAYMENT_CONFIRMED')).toBe(1);
  });

  it('pm_sepaDebitFails: processing, then failed by webhook', async () => {
    const order = await orderPaidWith('pm_sepaDebitFails');

    await order.reaches('PAYMENT_FAILED');

    expect(await moneyOf(order.orderId)).toMatchObject({ charged: 0 });
  });
});

describe('webhooks duplicated, reordered, forged and late', () => {
  it('makes one PAYMENT_CONFIRMED of a webhook delivered 10 times at once and a processing that comes after it', async () => {
    const order = await waitingForAuthentication();
    const intent = await intentOf(order.orderId);
    const succeeded = { ...intent, status: 'succeeded', next_action: null };
    const id = `evt_${randomUUID().replace(/-/g, '')}`;

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postPaymentWebhook('payment_intent.succeeded', succeeded, { id })),
    );
    await postPaymentWebhook('payment_intent.processing', { ...intent, status: 'processing' });
    await order.reaches('SHIPPED');

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    // At once, several may find the event not yet recorded: they lose the transaction, not the 200.
    expect(await order.count('PAYMENT_CONFIRMED')).toBe(1);
  });

  it('refuses a forged webhook and a stale one with 400: the payment still waits for its customer', async () => {
    const order = await waitingForAuthentication();
    const intent = await intentOf(order.orderId);
    const succeeded = { ...intent, status: 'succeeded', next_action: null };

    const forged = await postPaymentWebhook('payment_intent.succeeded', succeeded, { secret: 'whsec_not_the_providers' });
    const stale = await postPaymentWebhook('payment_intent.succeeded', succeeded, { signedAt: Date.now() - 10 * 60_000 });

    expect([forged.status, forged.body['code']]).toEqual([400, 'invalid_signature']);
    expect([stale.status, stale.body['code']]).toEqual([400, 'invalid_signature']);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await order.read()).status).toBe('PAYMENT_ACTION_REQUIRED');
    expect(await order.count('PAYMENT_CONFIRMED')).toBe(0);
  });

  it('makes one PAYMENT_CONFIRMED of the answer and its webhook racing (pm_card_visa: Stripe calls back at once)', async () => {
    const order = await orderPaidWith('pm_card_visa');
    const intent = await intentOf(order.orderId);

    await Promise.all(
      Array.from({ length: 2 }, () => postPaymentWebhook('payment_intent.succeeded', { ...intent, status: 'succeeded' })),
    );
    await order.reaches('SHIPPED');
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await order.count('PAYMENT_CONFIRMED')).toBe(1);
    expect(await moneyOf(order.orderId)).toMatchObject({ charged: order.total.amount });
  });
});

describe('one charge, one PAYMENT_CONFIRMED and one refund per decision, however the webhooks come', () => {
  /** The provider's webhooks of one outcome: `times` deliveries of one event, one after another or at once. */
  const deliveries = async (times: number, together: boolean, send: () => Promise<unknown>) => {
    if (together) await Promise.all(Array.from({ length: times }, send));
    else for (let delivery = 0; delivery < times; delivery += 1) await send();
  };

  it.each([
    [2, false],
    [10, false],
    [10, true],
  ])('x%i (at once: %s): a 3-D Secure payment and the refund of its cancellation', async (times, together) => {
    const order = await waitingForAuthentication('pm_card_threeDSecure2Required', { parcelWaits: true });
    const intent = await intentOf(order.orderId);
    const succeeded = { ...intent, status: 'succeeded', next_action: null };
    const id = `evt_${randomUUID().replace(/-/g, '')}`;

    // The same event again and again, then the same outcome under fresh ids and a processing after it.
    await deliveries(times, together, () => postPaymentWebhook('payment_intent.succeeded', succeeded, { id }));
    await deliveries(times, together, () => postPaymentWebhook('payment_intent.succeeded', succeeded));
    await postPaymentWebhook('payment_intent.processing', { ...intent, status: 'processing' });
    await authenticatePayment(order.nextActionUrl, 'complete');
    await order.reaches('PAYMENT_CONFIRMED');
    // One decision to give the money back: the customer cancels while the parcel waits.
    // (409 while shipment holds its lock to book the parcel: the carrier is down, so it lets go.)
    await waitUntil('the order cancelled', async () => {
      const { response } = await ordersApiAs(order.customerId).POST('/orders/{orderId}/cancel', {
        params: { path: { orderId: order.orderId } },
      });
      return response.status === 200 ? true : undefined;
    });
    {
      await order.reaches('PAYMENT_REFUNDED');
      const charge = { id: intent['latest_charge'], object: 'charge', payment_intent: intent.id, metadata: intent['metadata'] };
      const refunds = (await moneyOf(order.orderId)).refunds;
      await deliveries(times, together, () =>
        postPaymentWebhook('charge.refunded', {
          ...charge,
          refunds: { data: refunds.map((amount) => ({ id: 're_x', amount, status: 'succeeded' })) },
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const money = await moneyOf(order.orderId);
    const figures = {
      webhooks: times * 2 + 1,
      together: String(together),
      charges: (await paymentIntentsOf(order.orderId)).filter((each) => each.status === 'succeeded').length,
      paymentConfirmed: await order.count('PAYMENT_CONFIRMED'),
      refundsAtProvider: money.refunds.length,
      paymentRefunded: await order.count('PAYMENT_REFUNDED'),
    };
    reportFigure('one effect per payment decision under duplicated and reordered webhooks', figures);

    expect(figures).toMatchObject({ charges: 1, paymentConfirmed: 1 });
    expect(figures).toMatchObject({ refundsAtProvider: 1, paymentRefunded: 1 });
  });
});

describe('a refund that fails at the provider', () => {
  it('is asked again, and past its deadline the order waits among the stalled orders for operators', async () => {
    const order = await orderPaidWith('pm_card_refundFails', { parcelWaits: true });
    await order.reaches('PAYMENT_CONFIRMED');

    await waitUntil('the order cancelled', async () => {
      const { response } = await ordersApiAs(order.customerId).POST('/orders/{orderId}/cancel', {
        params: { path: { orderId: order.orderId } },
      });
      return response.status === 200 ? true : undefined;
    });
    // The local deadline of a refund is 120 s (serverless.common.yml, orderDeadlines.local); the sweep runs every 5 s.
    const stalled = await waitUntil(
      'the cancelled order among the stalled orders',
      async () => {
        const { data } = await operatorApi.GET('/orders/stalled', { params: { query: { limit: 100 } } });
        return data?.items.find((item) => item.orderId === order.orderId);
      },
      { timeoutMs: 150_000, intervalMs: 2_000 },
    );

    expect(stalled).toMatchObject({ status: 'CANCELLED' });
    expect(await moneyOf(order.orderId)).toMatchObject({ charged: order.total.amount, refunded: 0 });
    expect(await order.count('PAYMENT_REFUNDED')).toBe(0);
  }, 200_000);
});
