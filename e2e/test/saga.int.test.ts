import { randomUUID } from 'node:crypto';
import type { Order, OrderStatus } from '@ecommerce/api-client';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { emailOf, journal, operatorApi, orderFor, placeOrder, settling, someProducts } from './stack.js';

needs('local-issuer', 'mailbox', 'event-journal', 'payment-ledger', 'payment-sandbox-cards', 'carrier-sandbox');

const mailbox = 'http://127.0.0.1:8005/store';
const paymentSandbox = 'http://127.0.0.1:3010';
const carrierSandbox = 'http://127.0.0.1:3011';

interface Email {
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

/** Places an order as a new customer would: their address (emailOf) is theirs alone, so that its mail can be told apart. */
const place = async ({ paymentToken = 'pm_card_visa', country = 'GB' } = {}) => {
  const customerId = `cust-${randomUUID()}`;
  const base = orderFor(customerId, await someProducts(1));
  const { data, response } = await placeOrder({
    ...base,
    paymentToken,
    deliveryAddress: { ...base.deliveryAddress, country },
  });
  expect(response.status).toBe(201);
  return { order: data!, customerEmail: emailOf(customerId) };
};

const settledAt = (orderId: string, status: OrderStatus, steps: number) =>
  vi.waitFor(
    async () => {
      const { data } = await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } });
      expect([data?.status, data?.history.length], `order ${orderId} to reach ${status} after ${steps} steps`).toEqual([
        status,
        steps,
      ]);
      return data!;
    },
    { ...settling, timeout: 30_000 },
  );

const emailsTo = async (address: string): Promise<Email[]> =>
  ((await (await fetch(mailbox)).json()) as { emails: Email[] }).emails.filter((email) => email.destination.to.includes(address));

const mailOf = (address: string, count: number) =>
  vi.waitFor(async () => {
    const emails = await emailsTo(address);
    expect(emails.length, `${count} emails to ${address}`).toBeGreaterThanOrEqual(count);
    return emails;
  }, settling);

const paymentsOf = async (orderId: string) => {
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const response = await fetch(`${paymentSandbox}/v1/payment_intents/search?query=${query}`, {
    headers: { authorization: 'Bearer sk_test_e2e' },
  });
  return ((await response.json()) as { data: Array<{ id: string; status: string; amount: number }> }).data;
};

const refundsOf = async (paymentId: string) => {
  const response = await fetch(`${paymentSandbox}/v1/refunds?payment_intent=${paymentId}`, {
    headers: { authorization: 'Bearer sk_test_e2e' },
  });
  return ((await response.json()) as { data: Array<{ amount: number }> }).data;
};

const bookingsOf = async (orderId: string) =>
  ((await (await fetch(`${carrierSandbox}/v1/shipments?reference=${orderId}`)).json()) as { data: unknown[] }).data;

const statuses = (order: Order) => order.history.map((entry) => entry.status);

describe('the fulfilment saga', () => {
  it('takes a paid order to SHIPPED, one step and one email at a time, charging and booking once', async () => {
    const { order, customerEmail } = await place();

    const shipped = await settledAt(order.orderId, 'SHIPPED', 5);

    // PARCEL_BOOKING: shipment claimed the order right before booking; from then on it cannot be cancelled.
    expect(statuses(shipped)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED', 'PAYMENT_CONFIRMED', 'PARCEL_BOOKING', 'SHIPPED']);
    expect(shipped.history[4]?.detail).toMatch(/^Shipped with Local Parcel Co, tracking number LP[0-9A-F]{10}GB$/);
    // Each event is mailed on its own: the emails may reach the mailbox in any order.
    const emails = await mailOf(customerEmail, 4);
    expect(emails).toHaveLength(4);
    expect(emails.map((email) => email.subject)).toEqual(
      expect.arrayContaining([
        `We have your order ${order.orderId}`,
        expect.stringMatching(new RegExp(`^Invoice INV-\\d{4}-[A-Z]-\\d{6} for order ${order.orderId}$`)),
        `Payment received for order ${order.orderId}`,
        `Your order ${order.orderId} is on its way`,
      ]),
    );
    const [payment, ...others] = await paymentsOf(order.orderId);
    expect(others).toEqual([]);
    expect(payment).toMatchObject({ status: 'succeeded', amount: order.total.amount });
    expect(await bookingsOf(order.orderId)).toHaveLength(1);
    expect((await journal(order.orderId)).map((event) => event.type).sort()).toEqual([
      'INVOICE_CREATED',
      'ORDER_CREATED',
      'PAYMENT_CONFIRMED',
      'SHIPPED',
    ]);
  });

  it('ends a declined card in PAYMENT_FAILED: no shipment, and an email that says why', async () => {
    const { order, customerEmail } = await place({ paymentToken: 'pm_card_chargeDeclined' });

    const failed = await settledAt(order.orderId, 'PAYMENT_FAILED', 3);

    expect(failed.history[2]?.detail).toBe('Your card was declined.');
    const emails = await mailOf(customerEmail, 3);
    const failure = emails.find((email) => email.subject === `We could not take the payment for order ${order.orderId}`);
    expect(emails).toHaveLength(3);
    expect(failure?.body.text).toContain('Your card was declined.');
    expect(await bookingsOf(order.orderId)).toEqual([]);
  });

  it('refunds an order the carrier refuses: SHIPMENT_ERROR, then PAYMENT_REFUNDED, with emails', async () => {
    const { order, customerEmail } = await place({ country: 'AQ' });

    const refunded = await settledAt(order.orderId, 'PAYMENT_REFUNDED', 6);

    expect(statuses(refunded)).toEqual([
      'ORDER_CREATED',
      'INVOICE_CREATED',
      'PAYMENT_CONFIRMED',
      'PARCEL_BOOKING',
      'SHIPMENT_ERROR',
      'PAYMENT_REFUNDED',
    ]);
    // The fifth and sixth: the refund, and the credit note that documents it.
    const emails = await mailOf(customerEmail, 6);
    const refusal = emails.find((email) => email.subject === `We cannot ship your order ${order.orderId}`);
    expect(emails).toHaveLength(6);
    expect(refusal?.body.text).toContain('Our carrier does not deliver to Antarctica.');
    expect(emails.map((email) => email.subject)).toContainEqual(
      expect.stringMatching(new RegExp(`^We refunded €[\\d.,]+ for order ${order.orderId}$`)),
    );
    expect(emails.map((email) => email.subject)).toContainEqual(
      expect.stringMatching(new RegExp(`^Credit note CN-\\d{4}-[A-Z]-\\d{6} for order ${order.orderId}$`)),
    );
    const [payment] = await paymentsOf(order.orderId);
    expect(await refundsOf(payment!.id)).toEqual([expect.objectContaining({ amount: order.total.amount })]);
  });

  it('confirms a payment whose provider fails transiently at first, and charges it once', async () => {
    const { order } = await place({ paymentToken: 'pm_card_transientFailure' });

    const shipped = await settledAt(order.orderId, 'SHIPPED', 5);

    expect(statuses(shipped)).toContain('PAYMENT_CONFIRMED');
    expect(await paymentsOf(order.orderId)).toEqual([expect.objectContaining({ status: 'succeeded' })]);
  });
});
