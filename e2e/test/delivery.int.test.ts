import { randomUUID } from 'node:crypto';
import type { Order, OrderStatus } from '@ecommerce/api-client';
import { sign } from '@ecommerce/webhooks';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  bookingsOf,
  carrierWebhook,
  collectNow,
  emailOf,
  invoicesApiAs,
  journal,
  moneyOf,
  operatorApi,
  ordersApiAs,
  orderFor,
  placeOrder,
  settling,
  someProducts,
  uniqueCustomer,
} from './stack.js';

needs('local-issuer', 'mailbox', 'event-journal', 'payment-ledger', 'carrier-sandbox', 'carrier-webhook-secret');

const mailbox = 'http://127.0.0.1:8005/store';

const orderNow = async (orderId: string) => (await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } })).data!;

const reached = (orderId: string, status: OrderStatus, timeout = 60_000) =>
  vi.waitFor(
    async () => {
      const order = await orderNow(orderId);
      expect(order.status, `order ${orderId} to reach ${status}`).toBe(status);
      return order;
    },
    { ...settling, timeout },
  );

/** An order of a new customer (of `products` products, 1, 2, ... of each), SHIPPED, with its booking at the carrier sandbox. */
const shippedOrder = async (city?: string, products = 1) => {
  const customerId = uniqueCustomer();
  const base = orderFor(customerId, await someProducts(products));
  const { data, response } = await placeOrder({
    ...base,
    deliveryAddress: { ...base.deliveryAddress, ...(city ? { city } : {}) },
  });
  expect(response.status).toBe(201);
  const order = data!;
  await reached(order.orderId, 'SHIPPED');
  const [booking] = await bookingsOf(order.orderId);
  return { customerId, order, shipmentId: booking!.shipmentId };
};

const emailsTo = async (address: string) =>
  (
    (await (await fetch(mailbox)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }>;
    }
  ).emails.filter((email) => email.destination.to.includes(address));

const subjectsTo = async (address: string): Promise<string[]> => (await emailsTo(address)).map((email) => email.subject);

const statuses = (order: Order) => order.history.filter((entry) => !entry.stalled).map((entry) => entry.status);

const typesOf = async (orderId: string) => (await journal(orderId)).map((event) => event.type);

describe('after the parcel leaves', () => {
  it('ends a delivered order DELIVERED, with the four emails of its way and one for the delivery', async () => {
    const { customerId, order, shipmentId } = await shippedOrder();

    await collectNow(shipmentId);
    const delivered = await reached(order.orderId, 'DELIVERED');

    expect(statuses(delivered)).toEqual([
      'ORDER_CREATED',
      'INVOICE_CREATED',
      'PAYMENT_CONFIRMED',
      'PARCEL_BOOKING',
      'SHIPPED',
      'DELIVERED',
    ]);
    expect(delivered.history.at(-1)?.detail).toMatch(/^Delivered by Local Parcel Co \(tracking number LP[0-9A-F]{10}GB\)$/);
    const subjects = await vi.waitFor(async () => {
      const sent = await subjectsTo(emailOf(customerId));
      expect(sent.length >= 5, 'five emails').toBe(true);
      return sent;
    }, settling);
    expect(subjects).toHaveLength(5);
    expect(subjects).toContain(`Your order ${order.orderId} was delivered`);
    expect((await typesOf(order.orderId)).filter((type) => type === 'DELIVERED')).toHaveLength(1);
    expect(await bookingsOf(order.orderId)).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  it('refunds a parcel nobody was home for, all of it, with a credit note, once the carrier gives up', async () => {
    const { customerId, order, shipmentId } = await shippedOrder('Nobody Home');

    await collectNow(shipmentId);
    const refunded = await reached(order.orderId, 'PAYMENT_REFUNDED');

    // The carrier's webhooks may come the other way round: the return, then the failure (which then changes nothing).
    expect(statuses(refunded)).toEqual(expect.arrayContaining(['SHIPPED', 'PAYMENT_REFUNDED']));
    expect(statuses(refunded).some((status) => status === 'DELIVERY_FAILED' || status === 'PARCEL_RETURNED')).toBe(true);
    expect(await moneyOf(order.orderId)).toEqual({
      charged: order.total.amount,
      refunds: [order.total.amount],
      refunded: order.total.amount,
    });
    const invoice = await vi.waitFor(async () => {
      const { data } = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}', {
        params: { path: { invoiceId: `inv-${order.orderId}` } },
      });
      expect(data?.creditNotes.length, 'the credit note').toBeGreaterThan(0);
      return data!;
    }, settling);
    expect(invoice.creditNotes).toEqual([expect.objectContaining({ amount: order.total })]);
    await expect
      .poll(async () => (await bookingsOf(order.orderId))[0]?.status, { ...settling, message: 'the parcel back with the sender' })
      .toBe('returned');
  });
});

describe("the carrier's webhooks", () => {
  const webhook = (type: string, shipmentId: string, orderId: string, id = `evt_${randomUUID().replaceAll('-', '')}`) =>
    JSON.stringify({ id, type, created: Math.floor(Date.now() / 1000), data: { shipmentId, reference: orderId } });

  it('refuses forged ones (no signature, a made-up one, another secret, a changed body, a stale one) and one off the contract, and nothing changes', async () => {
    const { order, shipmentId } = await shippedOrder();
    const body = webhook('parcel.delivered', shipmentId, order.orderId);

    const answers = [
      await carrierWebhook(body, { signature: null }),
      await carrierWebhook(body, { signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }),
      await carrierWebhook(body, { signature: sign('whsec_forger', body, Math.floor(Date.now() / 1000)) }),
      await carrierWebhook(body.replace('parcel.delivered', 'parcel.returned'), { signedBody: body }),
      await carrierWebhook(body, { signedAt: Math.floor(Date.now() / 1000) - 301 }),
      await carrierWebhook(JSON.stringify({ ...JSON.parse(body), type: 'parcel.lost' })),
    ];

    expect(answers.map(({ status }) => status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(answers.map(({ body: answer }) => answer.code)).toEqual([
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'invalid_signature',
      'invalid_request',
    ]);
    expect((await orderNow(order.orderId)).status).toBe('SHIPPED');
    expect(await typesOf(order.orderId)).not.toContain('DELIVERED');
  });

  it('has one effect for a webhook sent twice, and none for one that comes after a later step', async () => {
    const { customerId, order, shipmentId } = await shippedOrder();
    const delivered = webhook('parcel.delivered', shipmentId, order.orderId);

    const answers = [
      await carrierWebhook(delivered),
      await carrierWebhook(delivered),
      await carrierWebhook(webhook('parcel.in_transit', shipmentId, order.orderId)),
      await carrierWebhook(webhook('parcel.delivery_failed', shipmentId, order.orderId)),
    ];

    expect(answers.map(({ status }) => status)).toEqual([200, 200, 200, 200]);
    const ended = await reached(order.orderId, 'DELIVERED');
    await expect
      .poll(() => subjectsTo(emailOf(customerId)), { ...settling, message: 'the delivery email' })
      .toContain(`Your order ${order.orderId} was delivered`);
    expect(statuses(ended).filter((status) => status === 'DELIVERED')).toHaveLength(1);
    const types = await typesOf(order.orderId);
    expect(types.filter((type) => type === 'DELIVERED')).toHaveLength(1);
    expect(types).not.toContain('DELIVERY_FAILED');
    expect((await subjectsTo(emailOf(customerId))).filter((subject) => subject.endsWith('was delivered'))).toHaveLength(1);
  });

  it('refuses one about a parcel shipment never booked under that order: 404', async () => {
    const { order } = await shippedOrder();

    const answer = await carrierWebhook(webhook('parcel.delivered', 'shp_nobody', order.orderId));

    expect(answer).toMatchObject({ status: 404, body: { code: 'shipment_not_found' } });
  });
});

describe('returns', () => {
  const requestReturn = (customerId: string, orderId: string, items: Array<{ productId: string; quantity: number }>) =>
    ordersApiAs(customerId).POST('/orders/{orderId}/returns', {
      params: { path: { orderId } },
      body: { items, reason: 'It does not fit.' },
    });

  it("emails the label of a partial return of one line, refunds it by that line's value, with a credit note, and then closes the window", async () => {
    const { customerId, order, shipmentId } = await shippedOrder(undefined, 2);
    await collectNow(shipmentId);
    await reached(order.orderId, 'DELIVERED');
    const [line] = order.items;

    const { data: ret, response } = await requestReturn(customerId, order.orderId, [{ productId: line!.productId, quantity: 1 }]);

    expect(response.status).toBe(201);
    expect(ret).toMatchObject({
      status: 'REQUESTED',
      label: { carrier: 'Local Parcel Co', trackingNumber: expect.stringMatching(/^LPR/) },
    });
    const labelEmail = await vi.waitFor(async () => {
      const found = (await emailsTo(emailOf(customerId))).find(
        (email) => email.subject === `Your return label for order ${order.orderId}`,
      );
      expect(found, 'the return label email').toBeDefined();
      return found!;
    }, settling);
    expect(labelEmail.body.text).toContain(`its tracking number is ${ret!.label.trackingNumber}`);
    const received = await vi.waitFor(async () => {
      const current = await orderNow(order.orderId);
      expect(current.returns?.[0]?.status === 'RECEIVED', 'the return received').toBe(true);
      return current;
    }, settling);
    expect(received.status).toBe('DELIVERED');
    expect(received.returns).toEqual([
      expect.objectContaining({ returnId: ret!.returnId, items: [{ productId: line!.productId, quantity: 1 }] }),
    ]);
    const money = await vi.waitFor(async () => {
      const current = await moneyOf(order.orderId);
      expect(current.refunds.length > 0, 'the refund').toBe(true);
      return current;
    }, settling);
    expect(money.refunds).toEqual([line!.unitPrice.amount]);
    const invoice = await vi.waitFor(async () => {
      const { data } = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}', {
        params: { path: { invoiceId: `inv-${order.orderId}` } },
      });
      expect(data?.creditNotes.length, 'the credit note').toBeGreaterThan(0);
      return data!;
    }, settling);
    expect(invoice.creditNotes).toEqual([expect.objectContaining({ amount: line!.unitPrice })]);
    await expect
      .poll(() => subjectsTo(emailOf(customerId)), { ...settling, message: 'the return email' })
      .toContain(`We received your return for order ${order.orderId}`);

    // The window (40 s locally) closes: the rest can no longer be sent back.
    const deliveredAt = Date.parse(received.history.find((entry) => entry.status === 'DELIVERED')!.at);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deliveredAt + 41_000 - Date.now())));
    const late = await requestReturn(customerId, order.orderId, [{ productId: order.items[1]!.productId, quantity: 1 }]);
    expect(late.response.status).toBe(409);
    expect(late.error).toMatchObject({ code: 'return_window_closed' });
  }, 90_000);

  it("refuses a return before delivery (409), of more than was delivered (422), and of someone else's order (404)", async () => {
    const { customerId, order, shipmentId } = await shippedOrder();
    const [line] = order.items;

    const early = await requestReturn(customerId, order.orderId, [{ productId: line!.productId, quantity: 1 }]);
    await collectNow(shipmentId);
    await reached(order.orderId, 'DELIVERED');
    const tooMany = await requestReturn(customerId, order.orderId, [
      { productId: line!.productId, quantity: line!.quantity + 1 },
    ]);
    const someoneElse = await requestReturn(uniqueCustomer(), order.orderId, [{ productId: line!.productId, quantity: 1 }]);

    expect([early.response.status, tooMany.response.status, someoneElse.response.status]).toEqual([409, 422, 404]);
    expect([early.error?.code, tooMany.error?.code, someoneElse.error?.code]).toEqual([
      'order_not_delivered',
      'return_exceeds_delivered',
      'order_not_found',
    ]);
    expect((await orderNow(order.orderId)).returns ?? []).toEqual([]);
  });
});
