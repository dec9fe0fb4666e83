import type { InternalOrder } from '@ecommerce/api-client';
import type { Parcel } from '../adapters/carrier.js';

/** Where the carrier's webhooks say a booked parcel is. */
export type ParcelStatus = 'collected' | 'in_transit' | 'delivered' | 'delivery_failed' | 'returned';

/**
 * What shipment knows of an order's parcel: booked with the carrier, refused by it, or booked and
 * then cancelled with the carrier because the order was cancelled before the carrier collected it;
 * after the booking, where the carrier's webhooks say the parcel is (parcel-progress.ts).
 */
export interface Shipment {
  orderId: string;
  status: 'booked' | 'refused' | 'cancelled' | ParcelStatus;
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
