import type { InternalOrder } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleData, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { TransientCarrierError, type Booking, type Carrier } from '../../src/adapters/carrier.js';
import type { ShipmentRepository } from '../../src/adapters/shipment-repository.js';
import { parcelsOf, type Shipment } from '../../src/domain/shipment.js';
import { bookShipment, type ShipmentDependencies } from '../../src/functions/book-shipment/book-shipment.js';

const paid = exampleEvent('PAYMENT_CONFIRMED', { orderId: 'ord-1' });
const order = {
  orderId: 'ord-1',
  items: exampleData.ORDER_CREATED.items,
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
} as InternalOrder;

const fakes = (answers: Array<Booking | Error>) => {
  const records = new Map<string, Shipment>();
  const stored: OrderEvent[] = [];
  const bookings: string[] = [];
  const shipments: ShipmentRepository = {
    get: async (orderId) => records.get(orderId),
    create: async (shipment, event) => {
      if (records.has(shipment.orderId)) return false;
      records.set(shipment.orderId, shipment);
      stored.push(event);
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
  };
  const deps: ShipmentDependencies = {
    shipments,
    outbox: {
      flush: async () => {},
      pending: async () => [],
      release: async () => true,
      sweep: async () => ({ released: 0, failed: 0 }),
    } satisfies OutboxRelay,
    orders: { get: async () => order },
    carrier,
    publisher: createEventPublisher({
      source: 'shipment',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  return { deps, stored, bookings };
};

const booked: Booking = { booked: true, shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1GB' };

describe('bookShipment', () => {
  it('books the parcels of a paid order and announces SHIPPED with the tracking number', async () => {
    const { deps, stored, bookings } = fakes([booked]);

    await bookShipment(deps, paid, 10_000);

    expect(bookings).toEqual(['shipment-ord-1']);
    expect(stored).toEqual([
      expect.objectContaining({
        type: 'SHIPPED',
        causationId: paid.id,
        data: { shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1GB' },
      }),
    ]);
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

describe('bookShipment for a cancelled order', () => {
  it('books nothing and announces nothing', async () => {
    const { deps, stored, bookings } = fakes([booked]);
    deps.orders = { get: async () => ({ ...order, status: 'CANCELLED' }) };

    await bookShipment(deps, paid, 10_000);

    expect([bookings, stored]).toEqual([[], []]);
  });
});

describe('parcelsOf', () => {
  it('sends one parcel per unit, in its product package', () => {
    const [line] = exampleData.ORDER_CREATED.items;

    expect(parcelsOf({ items: [{ ...line!, quantity: 3 }] })).toEqual([line!.package, line!.package, line!.package]);
  });
});
