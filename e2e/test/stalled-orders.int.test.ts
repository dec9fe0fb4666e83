import { randomUUID } from 'node:crypto';
import type { StalledOrder } from '@ecommerce/api-client';
import { metricTotals } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { bookingsOf, emailOf, moneyOf, operatorApi, orderFor, ordersApiAs, placeOrder, someProducts, settling } from './stack.js';

needs('local-issuer', 'mailbox', 'payment-ledger', 'carrier-sandbox', 'local-logs', 'short-deadlines');

// The local stage's deadlines (serverless.common.yml, orderDeadlines.local): an order waits 20 s
// for its shipment before it is stalled, and is cancelled 20 s after that; the sweep runs every 5 s.
const stalledWithin = 60_000;

/** Every stalled order an operator sees, page after page. */
const stalledOrders = async (): Promise<StalledOrder[]> => {
  const all: StalledOrder[] = [];
  let cursor: string | undefined;
  do {
    const { data, response } = await operatorApi.GET('/orders/stalled', {
      params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
    });
    expect(response.status).toBe(200);
    all.push(...data!.items);
    cursor = data!.nextCursor;
  } while (cursor);
  return all;
};

/** OrderStalled as CloudWatch would sum it from the local cloud's logs, for one step. */
const stalledCount = (step: string) =>
  metricTotals()
    .filter(
      (metric) => metric.name === 'OrderStalled' && metric.namespace === 'ecommerce/local' && metric.dimensions['step'] === step,
    )
    .reduce((sum, metric) => sum + metric.total, 0);

describe('an order that stops moving', () => {
  it('is listed as stalled for operators, counted, then cancelled past the final deadline: refunded, nothing booked, the customer told', async () => {
    // The carrier sandbox is down for this city: every booking meets a 503, which is no refusal,
    // so shipment retries and gives up (its dead-letter queue), and the paid order waits.
    const customerId = `cust-${randomUUID()}`;
    const customer = ordersApiAs(customerId);
    const base = orderFor(customerId, await someProducts(1));
    const counted = stalledCount('PAYMENT_CONFIRMED');
    const { data: placed, response } = await placeOrder({
      ...base,
      deliveryAddress: { ...base.deliveryAddress, city: 'Carrier Down' },
    });
    expect(response.status).toBe(201);
    const orderId = placed!.orderId;
    const read = async () => (await customer.GET('/orders/{orderId}', { params: { path: { orderId } } })).data!;

    const listed = await vi.waitFor(
      async () => {
        const found = (await stalledOrders()).find((order) => order.orderId === orderId);
        expect(found, "the paid order in the operators' list of stalled orders").toBeDefined();
        return found!;
      },
      { ...settling, timeout: stalledWithin },
    );

    expect(listed).toMatchObject({ orderId, customerId, status: 'PAYMENT_CONFIRMED', total: placed!.total });
    const stalled = await read();
    expect(stalled.status).toBe('PAYMENT_CONFIRMED');
    expect(stalled.history.filter((entry) => entry.stalled)).toEqual([
      expect.objectContaining({ status: 'PAYMENT_CONFIRMED', at: listed.stalledAt, stalled: true }),
    ]);
    const forbidden = await customer.GET('/orders/stalled');
    expect([forbidden.response.status, forbidden.error?.code]).toEqual([403, 'forbidden']);
    await expect
      .poll(() => stalledCount('PAYMENT_CONFIRMED'), {
        ...settling,
        message: 'OrderStalled counted for the step PAYMENT_CONFIRMED',
      })
      .toBeGreaterThan(counted);

    const settled = await vi.waitFor(
      async () => {
        const order = await read();
        const money = await moneyOf(orderId);
        expect(
          order.status === 'PAYMENT_REFUNDED' && money.charged > 0 && money.refunded === money.charged,
          'the stalled order to be cancelled and its payment refunded',
        ).toBe(true);
        return { order, money };
      },
      { ...settling, timeout: stalledWithin },
    );

    const reason = 'We cancelled your order because its shipment did not come through in time. Any payment taken is refunded.';
    // Each of shipment's attempts locked the order and gave it back when the carrier answered 503.
    const steps = settled.order.history.map((entry) => [entry.status, entry.stalled ?? false]);
    const attempts = steps.filter(([status]) => status === 'PARCEL_BOOKING').length;
    expect(attempts).toBeGreaterThan(0);
    expect(steps).toEqual([
      ['ORDER_CREATED', false],
      ['INVOICE_CREATED', false],
      ['PAYMENT_CONFIRMED', false],
      ...Array.from({ length: attempts }, () => [
        ['PARCEL_BOOKING', false],
        ['PAYMENT_CONFIRMED', false],
      ]).flat(),
      ['PAYMENT_CONFIRMED', true],
      ['CANCELLED', false],
      ['PAYMENT_REFUNDED', false],
    ]);
    expect(settled.order.history.find((entry) => entry.status === 'CANCELLED')?.detail).toBe(reason);
    expect((await stalledOrders()).map((order) => order.orderId)).not.toContain(orderId);
    expect(await bookingsOf(orderId)).toEqual([]);
    const email = await vi.waitFor(async () => {
      const { emails } = (await (await fetch('http://127.0.0.1:8005/store')).json()) as {
        emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }>;
      };
      const found = emails.find(
        (mail) => mail.destination.to.includes(emailOf(customerId)) && mail.subject === `Your order ${orderId} is cancelled`,
      );
      expect(found, 'the cancellation email').toBeDefined();
      return found!;
    }, settling);
    expect(email.body.text).toContain(reason);
  }, 180_000);
});
