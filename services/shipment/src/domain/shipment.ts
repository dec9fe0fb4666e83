import type { InternalOrder } from '@ecommerce/api-client';
import type { Parcel } from '../adapters/carrier.js';

/**
 * What shipment knows of an order's parcel: booked with the carrier, refused by it, or booked and
 * then cancelled with the carrier because the order was cancelled before the carrier collected it.
 */
export interface Shipment {
  orderId: string;
  status: 'booked' | 'refused' | 'cancelled';
  shipmentId?: string;
  carrier?: string;
  trackingNumber?: string;
  updatedAt: string;
}

/** One parcel per unit bought, each in its product's package. */
export const parcelsOf = (order: Pick<InternalOrder, 'items'>): Parcel[] =>
  order.items.flatMap((line) => (line.package ? Array.from({ length: line.quantity }, () => ({ ...line.package! })) : []));

/** One booking per order: the carrier sees the same key however often the payment is announced. */
export const bookingKey = (orderId: string) => `shipment-${orderId}`;
