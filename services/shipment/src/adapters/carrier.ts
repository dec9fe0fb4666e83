import type { Address } from '@ecommerce/shared-events';

export interface Parcel {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  weightG: number;
}

export type Booking =
  | { booked: true; shipmentId: string; carrier: string; trackingNumber: string }
  | { booked: false; code: string; message: string };

export interface Carrier {
  /** Books once per idempotency key: asking again answers the first booking. */
  book(request: { reference: string; recipient: Address; parcels: Parcel[]; idempotencyKey: string }): Promise<Booking>;
  /**
   * Cancels a booking the carrier has not collected yet ('cancelled', also when it was cancelled
   * before), or says that it is too late: the carrier has the parcel ('collected').
   */
  cancel(shipmentId: string): Promise<'cancelled' | 'collected'>;
}

/** The carrier could not answer now: the same booking may go through later. */
export class TransientCarrierError extends Error {
  override readonly name = 'TransientCarrierError';
}

/**
 * The carrier answered that it cannot take bookings now (503, 429): unlike a timeout or a 500, that
 * answer says it booked nothing, so the order may be given back and the booking tried later.
 */
export class CarrierUnavailableError extends Error {
  override readonly name = 'CarrierUnavailableError';
}

/** The carrier's HTTP API (`POST /v1/shipments`); the local carrier sandbox speaks the same. */
export const createCarrierClient = ({ baseUrl, fetch: send = fetch }: { baseUrl: string; fetch?: typeof fetch }): Carrier => ({
  book: async ({ reference, recipient, parcels, idempotencyKey }) => {
    let response: Response;
    try {
      response = await send(new URL('/v1/shipments', baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ reference, recipient, parcels }),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new TransientCarrierError(`the carrier did not answer: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 201) {
      const { shipmentId, carrier, trackingNumber } = (await response.json()) as {
        shipmentId: string;
        carrier: string;
        trackingNumber: string;
      };
      return { booked: true, shipmentId, carrier, trackingNumber };
    }
    if (response.status === 422) {
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      return { booked: false, code: error.code, message: error.message };
    }
    if (response.status === 503 || response.status === 429) {
      throw new CarrierUnavailableError(`the carrier cannot take bookings now (${response.status})`);
    }
    if (response.status >= 500 || response.status === 409) {
      throw new TransientCarrierError(`the carrier answered ${response.status}`);
    }
    throw new Error(`the carrier refused the request itself (${response.status}): ${await response.text()}`);
  },
  cancel: async (shipmentId) => {
    let response: Response;
    try {
      response = await send(new URL(`/v1/shipments/${encodeURIComponent(shipmentId)}/cancel`, baseUrl), {
        method: 'POST',
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new TransientCarrierError(`the carrier did not answer: ${(error as Error).message}`, { cause: error });
    }
    if (response.status === 200) return 'cancelled';
    if (response.status === 409) {
      const { error } = (await response.json()) as { error: { code: string } };
      if (error.code === 'already_collected') return 'collected';
    }
    if (response.status >= 500 || response.status === 429) {
      throw new TransientCarrierError(`the carrier answered ${response.status}`);
    }
    throw new Error(`the carrier refused to cancel shipment ${shipmentId} (${response.status}): ${await response.text()}`);
  },
});
