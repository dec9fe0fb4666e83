import { randomUUID } from 'node:crypto';
import { createApiClient } from '@ecommerce/api-client';
import { contractCheck } from '@ecommerce/api-client/contract';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import {
  bookingsOf,
  deliverNow,
  invoicesApiAs,
  journal,
  moneyOf,
  orderFor,
  ordersApiAs,
  ordersUrl,
  placeOrder,
  someProducts,
  uniqueCustomer,
  waitForEvent,
  settling,
} from './stack.js';

needs('local-issuer', 'lambda-invoke', 'event-journal', 'payment-ledger', 'payment-sandbox-cards', 'carrier-sandbox');

// Shipment's functions, as the local cloud's SNS subscriptions invoke them (services/shipment/serverless.yml).
const bookShipment = { functionName: 'shipment-local-bookShipment', lambdaPort: 3104 };
const cancelShipment = { functionName: 'shipment-local-cancelShipment', lambdaPort: 3104 };
// Orders' internal API, as shipment calls it (unsigned locally: serverless-offline does not check IAM).
const internal = createApiClient({ baseUrl: ordersUrl });
internal.use(contractCheck);

const statusOf = async (customerId: string, orderId: string) =>
  (await ordersApiAs(customerId).GET('/orders/{orderId}', { params: { path: { orderId } } })).data?.status;

const waitForStatus = (customerId: string, orderId: string, status: string) =>
  expect
    .poll(() => statusOf(customerId, orderId), { ...settling, timeout: 30_000, message: `order ${orderId} to be ${status}` })
    .toBe(status);

// As billing's charge/cancel race (cancel-order.int.test.ts): the cancellation and shipment's lock
// on the order race in both orders; the order's version decides, and nobody is both shipped and refunded.
describe('a cancellation racing the parcel booking', () => {
  it('wins when orders records it before shipment locks the order: nothing is booked, the money goes back', async () => {
    const customerId = uniqueCustomer();
    const { data: placed } = await placeOrder({
      ...orderFor(customerId, await someProducts(1)),
      paymentToken: 'pm_card_slowProvider',
    });
    const orderId = placed!.orderId;
    await waitForStatus(customerId, orderId, 'INVOICE_CREATED');
    const cancel = await ordersApiAs(customerId).POST('/orders/{orderId}/cancel', { params: { path: { orderId } } });
    expect(cancel.response.status).toBe(200);
    await waitForStatus(customerId, orderId, 'PAYMENT_REFUNDED');
    const refunded = await waitForEvent(orderId, 'PAYMENT_REFUNDED');

    // The charge's confirmation reaches shipment only now, after the cancellation (a queue held it):
    // shipment's lock on the order is refused, and it books nothing.
    const late = exampleEvent('PAYMENT_CONFIRMED', {
      id: randomUUID(),
      orderId,
      time: new Date().toISOString(),
      data: { paymentId: (refunded.data as { paymentId: string }).paymentId, provider: 'stripe', amount: placed!.total },
    });
    await deliverNow(bookShipment, late);
    const lock = await internal.POST('/internal/orders/{orderId}/parcel-booking', { params: { path: { orderId } } });

    expect(lock.response.status).toBe(409);
    expect(lock.error).toEqual({
      code: 'order_not_bookable',
      message: 'The order is PAYMENT_REFUNDED; its parcel may not be booked.',
      details: [],
    });
    expect(await bookingsOf(orderId)).toEqual([]);
    expect(await moneyOf(orderId)).toMatchObject({ charged: placed!.total.amount, refunded: placed!.total.amount });
    expect(await statusOf(customerId, orderId)).toBe('PAYMENT_REFUNDED');
  });

  it('loses when shipment locked the order first: 409 order_not_cancellable, the parcel ships, nothing is refunded', async () => {
    const customerId = uniqueCustomer();
    const body = orderFor(customerId, await someProducts(1));
    // The carrier sandbox takes 3 s to book for this postal code: the cancellation lands while it books.
    const { data: placed } = await placeOrder({ ...body, deliveryAddress: { ...body.deliveryAddress, postalCode: 'SLOW 3S' } });
    const orderId = placed!.orderId;
    await waitForStatus(customerId, orderId, 'PARCEL_BOOKING');

    const cancel = await ordersApiAs(customerId).POST('/orders/{orderId}/cancel', { params: { path: { orderId } } });

    expect(cancel.response.status).toBe(409);
    expect(cancel.error).toEqual({
      code: 'order_not_cancellable',
      message: 'The order is PARCEL_BOOKING and can no longer be cancelled.',
      details: [],
    });
    await waitForStatus(customerId, orderId, 'SHIPPED');
    expect(await bookingsOf(orderId)).toEqual([expect.objectContaining({ status: 'booked' })]);
    expect(await moneyOf(orderId)).toMatchObject({ charged: placed!.total.amount, refunded: 0 });
    const { data: invoice } = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}', {
      params: { path: { invoiceId: `inv-${orderId}` } },
    });
    expect(invoice).toMatchObject({ creditNotes: [], balance: placed!.total });
    const types = (await journal(orderId)).map((event) => event.type);
    expect(types).not.toContain('ORDER_CANCELLED');
    expect(types).not.toContain('PAYMENT_REFUNDED');
  });
});

describe('a cancellation that reaches shipment after the parcel was booked', () => {
  /** A shipped order and the ORDER_CANCELLED that got past orders' lock (one decided by the system, say). */
  const shippedOrder = async () => {
    const customerId = uniqueCustomer();
    const { data: placed } = await placeOrder(orderFor(customerId, await someProducts(1)));
    const orderId = placed!.orderId;
    await waitForStatus(customerId, orderId, 'SHIPPED');
    const [booking] = await bookingsOf(orderId);
    const cancellation = exampleEvent('ORDER_CANCELLED', {
      id: randomUUID(),
      orderId,
      time: new Date().toISOString(),
      data: { cancelledBy: 'system', reason: { code: 'stalled', message: 'Your order could not be completed.' } },
    });
    return { orderId, booking: booking!, cancellation };
  };

  it('cancels the booking with the carrier while the carrier has not collected the parcel', async () => {
    const { orderId, cancellation } = await shippedOrder();

    await deliverNow(cancelShipment, cancellation);
    await deliverNow(cancelShipment, cancellation);

    expect(await bookingsOf(orderId)).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  });

  it('fails, for the dead-letter queue and its alarm, once the carrier has collected the parcel', async () => {
    const { orderId, booking, cancellation } = await shippedOrder();
    const collect = await fetch(`http://127.0.0.1:3011/v1/shipments/${booking.shipmentId}/collect`, { method: 'POST' });
    expect(collect.status).toBe(200);

    await expect(deliverNow(cancelShipment, cancellation)).rejects.toThrow(/after the carrier collected its parcel/);
    expect(await bookingsOf(orderId)).toEqual([expect.objectContaining({ status: 'collected' })]);
  });
});
