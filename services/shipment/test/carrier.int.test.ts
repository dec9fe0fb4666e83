import { randomUUID } from 'node:crypto';
import { exampleData } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { CarrierUnavailableError, createCarrierClient } from '../src/adapters/carrier.js';

// The client shipment uses in production, against the carrier sandbox of the local cloud.
const carrier = createCarrierClient({ baseUrl: 'http://127.0.0.1:3011' });
const address = exampleData.ORDER_CREATED.deliveryAddress;
const parcel = { lengthMm: 300, widthMm: 200, heightMm: 100, weightG: 1200 };

describe('the carrier client against the carrier sandbox', () => {
  it('books a parcel and gets a tracking number', async () => {
    const booking = await carrier.book({
      reference: randomUUID(),
      recipient: address,
      parcels: [parcel],
      idempotencyKey: randomUUID(),
    });

    expect(booking).toEqual({
      booked: true,
      shipmentId: expect.stringMatching(/^shp_/),
      carrier: 'Local Parcel Co',
      trackingNumber: expect.stringMatching(/^LP[0-9A-F]{10}GB$/),
    });
  });

  it('says that it booked nothing when the carrier is down, so that the order may be given back', async () => {
    const booking = carrier.book({
      reference: randomUUID(),
      recipient: { ...address, city: 'Carrier Down' },
      parcels: [parcel],
      idempotencyKey: randomUUID(),
    });

    await expect(booking).rejects.toThrow(CarrierUnavailableError);
  });

  it('is refused for Antarctica', async () => {
    const booking = await carrier.book({
      reference: randomUUID(),
      recipient: { ...address, country: 'AQ' },
      parcels: [parcel],
      idempotencyKey: randomUUID(),
    });

    expect(booking).toEqual({
      booked: false,
      code: 'destination_not_served',
      message: 'Our carrier does not deliver to Antarctica.',
    });
  });

  it('is refused over 30 kg', async () => {
    const heavy = Array.from({ length: 7 }, () => ({ ...parcel, weightG: 5_000 }));

    const booking = await carrier.book({
      reference: randomUUID(),
      recipient: address,
      parcels: heavy,
      idempotencyKey: randomUUID(),
    });

    expect(booking).toMatchObject({ booked: false, code: 'parcel_too_heavy' });
  });

  it('books once per idempotency key, even when asked concurrently', async () => {
    const reference = randomUUID();
    const request = { reference, recipient: address, parcels: [parcel], idempotencyKey: `shipment-${reference}` };

    const bookings = await Promise.all([carrier.book(request), carrier.book(request), carrier.book(request)]);

    expect(new Set(bookings.map((b) => (b.booked ? b.trackingNumber : b.code))).size).toBe(1);
    const listed = await fetch(`http://127.0.0.1:3011/v1/shipments?reference=${reference}`);
    expect(((await listed.json()) as { data: unknown[] }).data).toHaveLength(1);
  });
});

describe('cancelling a booking with the carrier sandbox', () => {
  const sandbox = 'http://127.0.0.1:3011';
  const book = async () => {
    const booking = await carrier.book({
      reference: randomUUID(),
      recipient: address,
      parcels: [parcel],
      idempotencyKey: randomUUID(),
    });
    if (!booking.booked) throw new Error('expected a booking');
    return booking.shipmentId;
  };
  const statusOf = async (reference: string) =>
    ((await (await fetch(`${sandbox}/v1/shipments?reference=${reference}`)).json()) as { data: Array<{ status: string }> }).data;

  it('cancels a booking the carrier has not collected, and answers a repeated cancellation the same', async () => {
    const reference = randomUUID();
    const booking = await carrier.book({ reference, recipient: address, parcels: [parcel], idempotencyKey: randomUUID() });
    if (!booking.booked) throw new Error('expected a booking');

    expect(await carrier.cancel(booking.shipmentId)).toBe('cancelled');
    expect(await carrier.cancel(booking.shipmentId)).toBe('cancelled');
    expect(await statusOf(reference)).toEqual([expect.objectContaining({ shipmentId: booking.shipmentId, status: 'cancelled' })]);
  });

  it('says it is too late once the carrier collected the parcel', async () => {
    const shipmentId = await book();
    expect((await fetch(`${sandbox}/v1/shipments/${shipmentId}/collect`, { method: 'POST' })).status).toBe(200);

    expect(await carrier.cancel(shipmentId)).toBe('collected');
  });

  it('refuses to collect a cancelled parcel, and to cancel an unknown shipment', async () => {
    const shipmentId = await book();
    await carrier.cancel(shipmentId);

    expect((await fetch(`${sandbox}/v1/shipments/${shipmentId}/collect`, { method: 'POST' })).status).toBe(409);
    await expect(carrier.cancel('shp_unknown')).rejects.toThrow(/404/);
  });
});
