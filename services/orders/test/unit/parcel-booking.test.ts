import { createEventBuilder, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { cancelOrder } from '../../src/functions/cancel-order/cancel-order.js';
import { lockForParcelBooking, releaseParcelBooking } from '../../src/functions/parcel-booking/parcel-booking.js';
import { kettle, placing, wok } from '../fixtures.js';

const paid = (): StoredOrder => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000001', now: new Date('2026-11-21T10:00:00.000Z') },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return { ...result.order, status: 'PAYMENT_CONFIRMED' };
};

/** One order in memory, written only over the version it was read at, as the repository does. */
const store = (initial: StoredOrder) => {
  let current = initial;
  const announced: OrderEvent[] = [];
  const orders: Pick<OrderRepository, 'get' | 'update'> = {
    get: async () => current,
    update: async (order, expected, event) => {
      if (expected !== current.version) return false;
      current = order;
      if (event) announced.push(event);
      return true;
    },
  };
  return { orders, announced, current: () => current };
};

const events = createEventBuilder({ source: 'orders', validators: eventValidators });
const request = { pathParameters: { orderId: 'ord-1' } };
const customer = { ...request, caller: { customerId: 'cust-42', isOperator: false } };

describe('POST /internal/orders/{orderId}/parcel-booking', () => {
  it('locks a paid order and answers it as other services see it', async () => {
    const { orders, current } = store(paid());

    const response = await lockForParcelBooking({ orders }, request);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ orderId: 'ord-1', status: 'PARCEL_BOOKING' });
    // Shipment has no use for the payment token: only billing's charge reads it.
    expect(JSON.parse(response.body)).not.toHaveProperty('paymentToken');
    expect(current()).toMatchObject({ status: 'PARCEL_BOOKING', version: paid().version + 1 });
  });

  it('answers a lock made again with the order as it is, writing nothing', async () => {
    const { orders, current } = store(paid());
    await lockForParcelBooking({ orders }, request);
    const locked = current();

    const again = await lockForParcelBooking({ orders }, request);

    expect(again.statusCode).toBe(200);
    expect(current()).toBe(locked);
  });

  it('answers 409 order_not_bookable for a cancelled order', async () => {
    const { orders } = store({ ...paid(), status: 'CANCELLED' });

    await expect(lockForParcelBooking({ orders }, request)).rejects.toMatchObject({
      statusCode: 409,
      body: { code: 'order_not_bookable', message: 'The order is CANCELLED; its parcel may not be booked.', details: [] },
    });
  });

  it('answers 409 payment_not_recorded for an order orders does not hold paid yet, writing nothing', async () => {
    const { orders, current } = store({ ...paid(), status: 'INVOICE_CREATED' });
    const before = current();

    await expect(lockForParcelBooking({ orders }, request)).rejects.toMatchObject({
      statusCode: 409,
      body: { code: 'payment_not_recorded', message: 'The order is INVOICE_CREATED; it is not paid yet.', details: [] },
    });
    expect(current()).toBe(before);
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    const { orders } = store(paid());
    const none = { ...orders, get: async () => undefined };

    await expect(lockForParcelBooking({ orders: none }, request)).rejects.toMatchObject({
      statusCode: 404,
      code: 'order_not_found',
    });
    await expect(lockForParcelBooking({ orders }, { pathParameters: { orderId: '../x' } })).rejects.toMatchObject({
      statusCode: 400,
      code: 'invalid_request',
    });
  });
});

describe('DELETE /internal/orders/{orderId}/parcel-booking', () => {
  it('gives the lock back when the carrier booked nothing: the order waits for its shipment, and can be cancelled', async () => {
    const { orders, current } = store(paid());
    await lockForParcelBooking({ orders }, request);

    const response = await releaseParcelBooking({ orders }, request);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ orderId: 'ord-1', status: 'PAYMENT_CONFIRMED' });
    expect(current()).toMatchObject({ status: 'PAYMENT_CONFIRMED', version: paid().version + 2 });
    expect((await cancelOrder({ orders, events }, customer)).statusCode).toBe(200);
  });

  it('answers a release made again with the order as it is, writing nothing', async () => {
    const { orders, current } = store(paid());
    await lockForParcelBooking({ orders }, request);
    await releaseParcelBooking({ orders }, request);
    const released = current();

    expect((await releaseParcelBooking({ orders }, request)).statusCode).toBe(200);
    expect(current()).toBe(released);
  });

  it('answers 409 order_not_releasable once the carrier shipped the parcel', async () => {
    const { orders } = store({ ...paid(), status: 'SHIPPED' });

    await expect(releaseParcelBooking({ orders }, request)).rejects.toMatchObject({
      statusCode: 409,
      code: 'order_not_releasable',
    });
  });
});

// As billing's charge/cancel race (services/billing/test/unit/billing.test.ts): each side lands in
// the other's window, between its read and its write; the order's version decides.
describe('a cancellation racing the parcel booking lock', () => {
  it('wins when it is written first: the lock is refused and nothing may be booked', async () => {
    const { orders, announced, current } = store(paid());
    let raced = false;
    const racing: typeof orders = {
      ...orders,
      get: async (orderId) => {
        const read = await orders.get(orderId);
        if (!raced) {
          raced = true;
          // The customer's cancellation lands after the lock read the order, before it wrote.
          expect((await cancelOrder({ orders, events }, customer)).statusCode).toBe(200);
        }
        return read;
      },
    };

    await expect(lockForParcelBooking({ orders: racing }, request)).rejects.toMatchObject({
      statusCode: 409,
      code: 'order_not_bookable',
    });
    expect(current().status).toBe('CANCELLED');
    expect(announced.map((event) => event.type)).toEqual(['ORDER_CANCELLED']);
  });

  it('loses when the lock is written first: the cancellation is refused with 409 order_not_cancellable', async () => {
    const { orders, announced, current } = store(paid());
    let raced = false;
    const racing: typeof orders = {
      ...orders,
      get: async (orderId) => {
        const read = await orders.get(orderId);
        if (!raced) {
          raced = true;
          // Shipment's lock lands after the cancellation read the order, before it wrote.
          expect((await lockForParcelBooking({ orders }, request)).statusCode).toBe(200);
        }
        return read;
      },
    };

    await expect(cancelOrder({ orders: racing, events }, customer)).rejects.toMatchObject({
      statusCode: 409,
      body: {
        code: 'order_not_cancellable',
        message: 'The order is PARCEL_BOOKING and can no longer be cancelled.',
        details: [],
      },
    });
    expect(current().status).toBe('PARCEL_BOOKING');
    expect(announced).toEqual([]);
  });
});
