import type { Order, OrderStatus } from '@ecommerce/api-client';
import { listDeadLetters, redriveDeadLetter } from '@ecommerce/local-cloud';
import type { OrderEvent } from '@ecommerce/shared-events';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  bookingsOf,
  emailOf,
  invoicesApiAs,
  journal,
  metricTotal,
  moneyOf,
  operatorApi,
  orderFor,
  ordersApiAs,
  placeOrder,
  someProducts,
  uniqueCustomer,
  settling,
} from './stack.js';

needs(
  'local-issuer',
  'mailbox',
  'event-journal',
  'payment-ledger',
  'payment-sandbox-cards',
  'carrier-sandbox',
  'local-logs',
  'dead-letters',
);

const mailbox = 'http://127.0.0.1:8005/store';

type ModifiedV2 = Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>;

const newAddress = { name: 'Ada Lovelace', street: ['1 New Street'], city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' };

/** The carrier sandbox is down for this city (503 on every booking): no refusal, nothing booked. */
const outageCity = 'Carrier Down';

/** Places an order. `pm_card_slowProvider` keeps it at INVOICE_CREATED for 3 s (the payment sandbox's slow card). */
const place = async ({
  paymentToken = 'pm_card_visa',
  city,
  products = 1,
}: { paymentToken?: string; city?: string; products?: number } = {}) => {
  const customerId = uniqueCustomer();
  const base = orderFor(customerId, await someProducts(products));
  const { data, response } = await placeOrder({
    ...base,
    paymentToken,
    deliveryAddress: { ...base.deliveryAddress, ...(city ? { city } : {}) },
  });
  expect(response.status).toBe(201);
  return { order: data!, customerId, customerEmail: emailOf(customerId), customer: ordersApiAs(customerId) };
};

const readAs = async (api: ReturnType<typeof ordersApiAs>, orderId: string) =>
  (await api.GET('/orders/{orderId}', { params: { path: { orderId } } })).data;

const reached = (orderId: string, status: OrderStatus) =>
  vi.waitFor(
    async () => {
      const order = await readAs(operatorApi, orderId);
      expect(order?.status, `order ${orderId} to reach ${status}`).toBe(status);
      return order!;
    },
    { ...settling, timeout: 30_000 },
  );

const patch = (
  api: ReturnType<typeof ordersApiAs>,
  orderId: string,
  body: { deliveryAddress?: Order['deliveryAddress']; items?: unknown[] },
) => api.PATCH('/orders/{orderId}', { params: { path: { orderId } }, body: body as never });

const emailsTo = async (address: string) =>
  (
    (await (await fetch(mailbox)).json()) as {
      emails: Array<{ subject: string; destination: { to: string[] }; body: { text?: string } }>;
    }
  ).emails.filter((email) => email.destination.to.includes(address));

const modifications = async (orderId: string) =>
  (await journal(orderId)).filter((event): event is ModifiedV2 => event.type === 'ORDER_MODIFIED' && event.version === 2);

describe('the customer changes the delivery address', () => {
  it('before the parcel is booked: 200, the change in the history and ORDER_MODIFIED v2, and the parcel goes to the new address', async () => {
    const { order, customer } = await place({ paymentToken: 'pm_card_slowProvider' });

    const { data: changed, response } = await patch(customer, order.orderId, { deliveryAddress: newAddress });

    expect(response.status).toBe(200);
    expect(changed?.deliveryAddress).toEqual(newAddress);
    expect(changed?.history.at(-1)).toMatchObject({ status: 'ORDER_MODIFIED', detail: 'The delivery address changed.' });
    const shipped = await reached(order.orderId, 'SHIPPED');
    expect(shipped.history.map((entry) => entry.status)).toContain('ORDER_MODIFIED');
    const bookings = await bookingsOf(order.orderId);
    expect(bookings).toHaveLength(1);
    expect(bookings[0]!.recipient).toEqual(newAddress);
    const [event, ...others] = await modifications(order.orderId);
    expect(others).toEqual([]);
    expect(event!.data).toMatchObject({
      changed: ['deliveryAddress'],
      changedBy: 'customer',
      new: { deliveryAddress: newAddress },
    });
    expect(event!.data.old.deliveryAddress).toEqual(order.deliveryAddress);

    // Once the parcel is booked the order no longer changes.
    const late = await patch(customer, order.orderId, { deliveryAddress: { ...newAddress, city: 'York' } });
    expect(late.response.status).toBe(409);
    expect(late.error).toMatchObject({ code: 'parcel_booked' });
  });

  it('two racing changes are both kept, one after the other, decided by the order version', async () => {
    const { order, customer } = await place({ paymentToken: 'pm_card_slowProvider' });
    const york = { ...newAddress, city: 'York' };

    const answers = await Promise.all([
      patch(customer, order.orderId, { deliveryAddress: newAddress }),
      patch(customer, order.orderId, { deliveryAddress: york }),
    ]);

    expect(answers.map((answer) => answer.response.status)).toEqual([200, 200]);
    const events = await vi.waitFor(async () => {
      const found = await modifications(order.orderId);
      expect(found, 'both changes in the journal').toHaveLength(2);
      return found;
    }, settling);
    // The second change was judged on what the first left: its `old` is the first one's `new`.
    const [first, second] =
      events[0]!.data.new.deliveryAddress.city === events[1]!.data.old.deliveryAddress.city ? events : [events[1]!, events[0]!];
    expect(second!.data.old.deliveryAddress).toEqual(first!.data.new.deliveryAddress);
    const shipped = await reached(order.orderId, 'SHIPPED');
    expect(shipped.deliveryAddress).toEqual(second!.data.new.deliveryAddress);
    expect(shipped.history.filter((entry) => entry.status === 'ORDER_MODIFIED')).toHaveLength(2);
    expect((await bookingsOf(order.orderId))[0]!.recipient).toEqual(second!.data.new.deliveryAddress);
  });
});

describe('operators change the items', () => {
  it('lowering the order refunds the difference at once (payment sandbox, PAYMENT_REFUNDED) and e-mails the customer; a raise is refused with 422', async () => {
    // Two products, 1 and 2 of them, to a city where the carrier is down: shipment claims the order,
    // meets a 503 (no booking made), gives the order back and retries, then gives up to its
    // dead-letter queue. The order stays paid and unbooked: what an operator needs to change it.
    const { order, customer, customerId, customerEmail } = await place({ city: outageCity, products: 2 });
    const [first, second] = order.items;
    const [modifiedBefore, creditNotesBefore] = [metricTotal('OrderModified'), metricTotal('CreditNoteIssued')];
    const deadLetter = await vi.waitFor(
      async () => {
        const found = (await listDeadLetters()).find(
          (letter) => letter.orderId === order.orderId && letter.service === 'shipment',
        );
        expect(found, "shipment's booking of the order in the dead letters").toBeDefined();
        return found!;
      },
      { ...settling, timeout: 30_000 },
    );
    const given = await readAs(operatorApi, order.orderId);
    expect(given?.status).toBe('PAYMENT_CONFIRMED');
    expect(given?.history.map((entry) => entry.status)).toContain('PARCEL_BOOKING');
    const line = (productId: string, quantity: number, unitPrice: number) => ({ productId, quantity, unitPrice });

    const raise = await patch(operatorApi, order.orderId, {
      items: [line(first!.productId, 5, first!.unitPrice.amount), line(second!.productId, 2, second!.unitPrice.amount)],
    });
    const customerTries = await patch(customer, order.orderId, { items: [line(second!.productId, 1, second!.unitPrice.amount)] });
    const strangerTries = await patch(ordersApiAs(uniqueCustomer()), order.orderId, {
      items: [line(second!.productId, 1, second!.unitPrice.amount)],
    });
    // The first line cannot be packaged: removed; the second lowered from 2 to 1.
    const lowered = await patch(operatorApi, order.orderId, { items: [line(second!.productId, 1, second!.unitPrice.amount)] });
    // The customer sends it where the carrier delivers, and the operator hands the booking back to shipment.
    const moved = await patch(customer, order.orderId, { deliveryAddress: newAddress });
    const redriven = await redriveDeadLetter(deadLetter);

    expect(raise.response.status).toBe(422);
    expect(raise.error).toMatchObject({ code: 'total_raised' });
    expect(customerTries.response.status).toBe(403);
    expect(strangerTries.response.status).toBe(404);
    expect(lowered.response.status).toBe(200);
    expect(moved.response.status).toBe(200);
    expect(redriven).toEqual({ ok: true });
    const difference = order.total.amount - lowered.data!.total.amount;
    expect(difference).toBeGreaterThan(0);

    const refunded = await vi.waitFor(
      async () => {
        const event = (await journal(order.orderId)).find((event) => event.type === 'PAYMENT_REFUNDED');
        expect(event, 'PAYMENT_REFUNDED of the change in the journal').toBeDefined();
        return event!;
      },
      { ...settling, timeout: 30_000 },
    );
    expect(refunded).toMatchObject({ data: { amount: { amount: difference }, reason: { code: 'order_modified' } } });
    const money = await moneyOf(order.orderId);
    expect(money.refunds).toEqual([difference]);
    // Invoice documents the difference with a credit note: the invoice's balance is what the customer paid.
    const invoice = await vi.waitFor(async () => {
      const { data } = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}', {
        params: { path: { invoiceId: `inv-${order.orderId}` } },
      });
      expect(data?.creditNotes.length, 'the credit note of the change').toBeGreaterThan(0);
      return data!;
    }, settling);
    expect(invoice.creditNotes).toEqual([
      expect.objectContaining({ amount: { amount: difference, currency: order.total.currency } }),
    ]);
    expect(invoice.balance.amount).toBe(money.charged - difference);
    // Operators see the changes and the credit notes on the dashboard; other tests run meanwhile, so at least these.
    await expect
      .poll(() => metricTotal('OrderModified') >= modifiedBefore + 2 && metricTotal('CreditNoteIssued') > creditNotesBefore, {
        ...settling,
        message: 'OrderModified and CreditNoteIssued counted',
      })
      .toBe(true);
    const [change] = await modifications(order.orderId);
    expect(change!.data).toMatchObject({ changedBy: 'operator', changed: expect.arrayContaining(['items', 'total']) });
    const email = await vi.waitFor(async () => {
      const found = (await emailsTo(customerEmail)).find((mail) => mail.subject === `Your order ${order.orderId} was changed`);
      expect(found, 'the email about the change').toBeDefined();
      return found!;
    }, settling);
    expect(email.body.text).toContain('We had to change the items of your order.');
    expect(email.body.text).toContain('we are refunding');
    const shipped = await reached(order.orderId, 'SHIPPED');
    expect(shipped.total.amount).toBe(order.total.amount - difference);
    const bookings = await bookingsOf(order.orderId);
    expect(bookings.map((booking) => booking.recipient)).toEqual([newAddress]);
  });

  it('answers 409 payment_not_confirmed before the payment is confirmed', async () => {
    const { order } = await place({ paymentToken: 'pm_card_slowProvider' });
    const [first] = order.items;

    const early = await patch(operatorApi, order.orderId, {
      items: [{ productId: first!.productId, quantity: 1, unitPrice: first!.unitPrice.amount }],
    });

    expect(early.response.status).toBe(409);
    expect(early.error).toMatchObject({ code: 'payment_not_confirmed' });
  });
});
