import type { CarrierWebhook } from '@ecommerce/api-client';
import type { EventData } from '@ecommerce/shared-events';
import type { ParcelStatus, Shipment } from './shipment.js';

export type ParcelWebhookType = Exclude<CarrierWebhook['type'], 'return.received'>;

const statusOf: Record<ParcelWebhookType, ParcelStatus> = {
  'parcel.collected': 'collected',
  'parcel.in_transit': 'in_transit',
  'parcel.delivered': 'delivered',
  'parcel.delivery_failed': 'delivery_failed',
  'parcel.returned': 'returned',
};

/**
 * Where a parcel may go from each status, directly or by skipping steps whose webhooks are late:
 * delivered and returned end it; a failed delivery comes back. Nothing goes backwards, so a late
 * `parcel.in_transit` after `parcel.delivered` changes nothing.
 */
const ahead: Record<Shipment['status'], ParcelStatus[]> = {
  booked: ['collected', 'in_transit', 'delivered', 'delivery_failed', 'returned'],
  collected: ['in_transit', 'delivered', 'delivery_failed', 'returned'],
  in_transit: ['delivered', 'delivery_failed', 'returned'],
  delivery_failed: ['returned'],
  delivered: [],
  returned: [],
  refused: [],
  cancelled: [],
};

export type ParcelEvent =
  | { type: 'DELIVERED'; data: EventData<'DELIVERED'> }
  | { type: 'DELIVERY_FAILED'; data: EventData<'DELIVERY_FAILED'> }
  | { type: 'PARCEL_RETURNED'; data: EventData<'PARCEL_RETURNED'> };

export type ParcelProgress =
  /** The webhook moves the parcel on; `event` is what the topic is told, if anything. */
  | { moves: true; shipment: Shipment; event?: ParcelEvent }
  /** Late, repeated in another webhook, or about a parcel that was never handed over: nothing changes. */
  | { moves: false };

/**
 * What a parcel webhook does to the shipment it names: moves it forward and says which event that
 * makes (collected and in transit make none), or nothing when the step is not ahead.
 */
export const parcelProgress = (
  shipment: Shipment,
  webhook: Pick<CarrierWebhook, 'created' | 'data'> & { type: ParcelWebhookType },
  now: Date,
): ParcelProgress => {
  const to = statusOf[webhook.type];
  if (!ahead[shipment.status].includes(to)) return { moves: false };
  const moved: Shipment = { ...shipment, status: to, updatedAt: now.toISOString() };
  const parcel = { shipmentId: shipment.shipmentId!, carrier: shipment.carrier!, trackingNumber: shipment.trackingNumber! };
  switch (to) {
    case 'delivered':
      return {
        moves: true,
        shipment: moved,
        event: { type: 'DELIVERED', data: { ...parcel, deliveredAt: new Date(webhook.created * 1000).toISOString() } },
      };
    case 'delivery_failed': {
      const attempts = webhook.data.attempts ?? 1;
      return {
        moves: true,
        shipment: moved,
        event: {
          type: 'DELIVERY_FAILED',
          data: {
            ...parcel,
            attempts,
            reason: {
              code: 'delivery_failed',
              message: `The carrier could not deliver your parcel (${attempts === 1 ? '1 attempt' : `${attempts} attempts`}); it comes back to us and your payment is refunded.`,
            },
          },
        },
      };
    }
    case 'returned':
      return { moves: true, shipment: moved, event: { type: 'PARCEL_RETURNED', data: parcel } };
    default:
      return { moves: true, shipment: moved };
  }
};
