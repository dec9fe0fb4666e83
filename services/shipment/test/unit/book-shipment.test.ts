import type { InternalOrder } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleData, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { CarrierUnavailableError, TransientCarrierError, type Booking, type Carrier } from '../../src/adapters/carrier.js';
import type { ShipmentRepository } from '../../src/adapters/shipment-repository.js';
import { parcelsOf, type Shipment } from '../../src/domain/shipment.js';
import { bookShipment } from '../../src/functions/book-shipment/book-shipment.js';
import { cancelShipment } from '../../src/functions/cancel-shipment/cancel-shipment.js';
import type { ShipmentDependencies } from '../../src/use-cases/shipment-dependencies.js';

const paid = exampleEvent('PAYMENT_CONFIRMED', { orderId: 'ord-1' });
const order = {
  orderId: 'ord-1',
  items: exampleData.ORDER_CREATED.items,
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
} as InternalOrder;

/**
 * In-memory twins of the adapters, each recording what was asked of it. `orders` keeps the order's
 * status as orders does: a lock fails on a cancelled order, and a cancellation fails on a locked one.
 */
const fakes = (answers: Array<Booking | Error>) => {
  const records = new Map<string, Shipment>();
  const stored: OrderEvent[] = [];
  /** Events sent on by the outbox right after they were stored. */
  const sent: OrderEvent[] = [];
  const bookings: string[] = [];
  const cancellations: string[] = [];
  const collected = new Set<string>();
  const shipments: ShipmentRepository = {
    get: async (orderId) => records.get(orderId),
    create: async (shipment, event) => {
      if (records.has(shipment.orderId)) return false;
      records.set(shipment.orderId, shipment);
      stored.push(event);
      return true;
    },
    update: async (shipment, from) => {
      if (records.get(shipment.orderId)?.status !== from) return false;
      records.set(shipment.orderId, shipment);
      return true;
    },
  };
  const carrier: Carrier = {
    book: async ({ idempotencyKey }) => {
      bookings.push(idempotencyKey);
      const answer = answers[Math.min(bookings.length, answers.length) - 1]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    cancel: async (shipmentId) => {
      cancellations.push(shipmentId);
      return collected.has(shipmentId) ? 'collected' : 'cancelled';
    },
  };
  let status: InternalOrder['status'] = 'PAYMENT_CONFIRMED';
  const locks: string[] = [];
  const orders = {
    status: () => status,
    /** Orders records another service's event, as its lifecycle lets it. */
    record: (next: InternalOrder['status']) => {
      status = next;
    },
    lock: async (orderId: string) => {
      locks.push(orderId);
      if (status === 'CANCELLED' || status === 'PAYMENT_FAILED')
        return {
          locked: false as const,
          code: 'order_not_bookable',
          message: `The order is ${status}; its parcel may not be booked.`,
        };
      if (status === 'INVOICE_CREATED')
        return {
          locked: false as const,
          code: 'payment_not_recorded',
          message: 'The order is INVOICE_CREATED; it is not paid yet.',
        };
      status = 'PARCEL_BOOKING';
      return { locked: true as const, order: { ...order, status } };
    },
    release: async () => {
      if (status === 'PARCEL_BOOKING') status = 'PAYMENT_CONFIRMED';
    },
    /** POST /orders/{orderId}/cancel as orders decides it: true when accepted. */
    cancel: () => {
      if (status === 'PARCEL_BOOKING') return false;
      status = 'CANCELLED';
      return true;
    },
  };
  const deps: ShipmentDependencies = {
    shipments,
    outbox: {
      flush: async () => {},
      settle: async (_partition: string, event: OrderEvent | undefined) => void (event && sent.push(event)),
      pending: async () => [],
      release: async () => true,
      catchUp: async () => ({ released: 0, failed: 0, refused: 0 }),
    } satisfies OutboxRelay,
    orders,
    carrier,
    publisher: createEventPublisher({
      source: 'shipment',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  return { deps, sent, stored, bookings, cancellations, collected, records, orders, locks };
};

const booked: Booking = { booked: true, shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1GB' };

describe('bookShipment', () => {
  it('books the parcels of a paid order and announces SHIPPED with the tracking number', async () => {
    const { deps, stored, sent, bookings } = fakes([booked]);

    await bookShipment(deps, paid, 10_000);

    expect(bookings).toEqual(['shipment-ord-1']);
    expect(stored).toEqual([
      expect.objectContaining({
        type: 'SHIPPED',
        causationId: paid.id,
        data: { shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1GB' },
      }),
    ]);
    expect(sent).toEqual(stored);
  });

  it("announces the carrier's refusal as SHIPMENT_ERROR with its reason", async () => {
    const { deps, stored } = fakes([
      { booked: false, code: 'destination_not_served', message: 'Our carrier does not deliver to Antarctica.' },
    ]);

    await bookShipment(deps, paid, 10_000);

    expect(stored[0]).toMatchObject({
      type: 'SHIPMENT_ERROR',
      data: { reason: { code: 'destination_not_served', message: 'Our carrier does not deliver to Antarctica.' } },
    });
  });

  it('retries a carrier that fails transiently with the same key', async () => {
    const { deps, stored, bookings } = fakes([new TransientCarrierError('503'), booked]);

    await bookShipment(deps, paid, 10_000);

    expect(bookings).toEqual(['shipment-ord-1', 'shipment-ord-1']);
    expect(stored.map((event) => event.type)).toEqual(['SHIPPED']);
  });

  it('books nothing more for a payment announced again', async () => {
    const { deps, bookings } = fakes([booked]);

    await bookShipment(deps, paid, 10_000);
    await bookShipment(deps, paid, 10_000);

    expect(bookings).toHaveLength(1);
  });
});

describe('bookShipment when the carrier is down', () => {
  it('gives the order back and fails, so that the payment is tried again: a cancellation meanwhile wins', async () => {
    const { deps, stored, bookings, orders } = fakes([new CarrierUnavailableError('503'), booked]);

    await expect(bookShipment(deps, paid, 10_000)).rejects.toThrow(CarrierUnavailableError);
    const afterFailure = orders.status();
    const cancelled = orders.cancel();
    await bookShipment(deps, paid, 10_000);

    expect(bookings).toEqual(['shipment-ord-1']);
    expect(afterFailure).toBe('PAYMENT_CONFIRMED');
    expect(cancelled).toBe(true);
    expect(stored).toEqual([]);
  });

  it('keeps the lock when the carrier did not answer, as the booking may have gone through', async () => {
    const { deps, orders } = fakes([new TransientCarrierError('the carrier did not answer')]);

    // No time left for another try within this invocation.
    await expect(bookShipment(deps, paid, 0)).rejects.toThrow('the carrier did not answer');

    expect(orders.status()).toBe('PARCEL_BOOKING');
    expect(orders.cancel()).toBe(false);
  });
});

describe('bookShipment for a cancelled order', () => {
  it('books nothing and announces nothing', async () => {
    const { deps, stored, bookings, orders } = fakes([booked]);
    orders.cancel();

    await bookShipment(deps, paid, 10_000);

    expect([bookings, stored]).toEqual([[], []]);
  });
});

describe('bookShipment', () => {
  it('locks the order with orders right before booking, and books to the address the lock answers', async () => {
    const { deps, locks, bookings } = fakes([booked]);
    const moved = { ...order.deliveryAddress, street: ['1 New Street'] };
    const lock = deps.orders.lock;
    const addresses: unknown[] = [];
    deps.orders = {
      ...deps.orders,
      lock: async (orderId) => {
        const answer = await lock(orderId);
        return answer.locked ? { ...answer, order: { ...answer.order, deliveryAddress: moved } } : answer;
      },
    };
    const book = deps.carrier.book;
    deps.carrier.book = async (request) => (addresses.push(request.recipient), book(request));

    await bookShipment(deps, paid, 10_000);

    expect(locks).toEqual(['ord-1']);
    expect(bookings).toHaveLength(1);
    expect(addresses).toEqual([moved]);
  });
});

// As billing's charge/cancel race (services/billing/test/unit/billing.test.ts): the customer's
// cancellation lands in either order with shipment's lock; orders' version decides, once.
describe('a cancellation racing the parcel booking', () => {
  it('wins when it reaches orders before the lock: nothing is booked, so the refund is all the customer gets', async () => {
    const { deps, bookings, stored, orders } = fakes([booked]);
    const lock = deps.orders.lock;
    deps.orders = {
      ...deps.orders,
      lock: async (orderId) => {
        // The cancellation lands after the payment was announced, before shipment locks the order.
        expect(orders.cancel()).toBe(true);
        return lock(orderId);
      },
    };

    await bookShipment(deps, paid, 10_000);

    expect(bookings).toEqual([]);
    expect(stored).toEqual([]);
    expect(orders.status()).toBe('CANCELLED');
  });

  it('loses when the lock reached orders first: the cancellation is refused and the parcel ships, unrefunded', async () => {
    const { deps, stored, orders } = fakes([booked]);
    const book = deps.carrier.book;
    let cancelled: boolean | undefined;
    deps.carrier.book = async (request) => {
      // The customer cancels while the carrier is booking the parcel.
      cancelled = orders.cancel();
      return book(request);
    };

    await bookShipment(deps, paid, 10_000);

    expect(cancelled).toBe(false);
    expect(orders.status()).toBe('PARCEL_BOOKING');
    expect(stored.map((event) => event.type)).toEqual(['SHIPPED']);
  });
});

describe('cancelShipment', () => {
  const cancellation = exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' });

  it('cancels with the carrier a booking it has not collected, once however often the cancellation comes', async () => {
    const { deps, cancellations, records } = fakes([booked]);
    await bookShipment(deps, paid, 10_000);

    await cancelShipment(deps, cancellation, 10_000);
    await cancelShipment(deps, cancellation, 10_000);

    expect(cancellations).toEqual(['shp_1']);
    expect(records.get('ord-1')?.status).toBe('cancelled');
  });

  it('fails loudly, to the dead-letter queue, for a parcel the carrier already collected', async () => {
    const { deps, collected, records } = fakes([booked]);
    await bookShipment(deps, paid, 10_000);
    collected.add('shp_1');

    await expect(cancelShipment(deps, cancellation, 10_000)).rejects.toThrow(/after the carrier collected its parcel shp_1/);
    expect(records.get('ord-1')?.status).toBe('booked');
  });

  it('does nothing for an order with no booking, or one the carrier refused', async () => {
    const { deps, cancellations } = fakes([{ booked: false, code: 'parcel_too_heavy', message: 'Too heavy.' }]);

    await cancelShipment(deps, cancellation, 10_000);
    await bookShipment(deps, paid, 10_000);
    await cancelShipment(deps, cancellation, 10_000);

    expect(cancellations).toEqual([]);
  });
});

describe('parcelsOf', () => {
  it('sends one parcel per unit, in its product package', () => {
    const [line] = exampleData.ORDER_CREATED.items;

    expect(parcelsOf({ items: [{ ...line!, quantity: 3 }] })).toEqual([line!.package, line!.package, line!.package]);
  });
});

describe('bookShipment confirms with orders that the order is paid', () => {
  it('books nothing for a PAYMENT_CONFIRMED of an order orders holds PAYMENT_FAILED (a forged payment after a decline)', async () => {
    const { deps, bookings, stored, orders, locks } = fakes([booked]);
    orders.record('PAYMENT_FAILED');

    await bookShipment(deps, paid, 10_000);

    expect([bookings, stored]).toEqual([[], []]);
    expect(locks).toEqual(['ord-1']);
  });

  it('asks orders again while it does not hold the order paid yet, and books once it does', async () => {
    const { deps, bookings, orders, locks } = fakes([booked]);
    orders.record('INVOICE_CREATED');
    const lock = deps.orders.lock;
    deps.orders = {
      ...deps.orders,
      lock: async (orderId) => {
        // Orders records the payment between shipment's first and second lock.
        if (locks.length === 1) orders.record('PAYMENT_CONFIRMED');
        return lock(orderId);
      },
    };

    await bookShipment(deps, paid, 10_000);

    expect(locks).toEqual(['ord-1', 'ord-1']);
    expect(bookings).toHaveLength(1);
  });

  it('fails, so that Lambda retries, when orders never holds the order paid within the wait', async () => {
    const { deps, bookings, orders } = fakes([booked]);
    orders.record('INVOICE_CREATED');

    await expect(bookShipment(deps, paid, 300)).rejects.toThrow('does not hold order ord-1 paid yet');
    expect(bookings).toEqual([]);
  });
});
