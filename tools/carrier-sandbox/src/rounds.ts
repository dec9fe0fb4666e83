/**
 * What the sandbox's courier does with a parcel, step by step, and the webhook each step sends:
 * `collected` → `in_transit` → `delivered`, each after a delay; to the city `Nobody Home`, attempts
 * that find nobody, then `delivery_failed` and, after another delay, `returned` (to the sender).
 * A return the customer sends back is picked up and `received`.
 */

/** Deliveries to this city find nobody home at every attempt: the parcel fails, then goes back. */
export const nobodyHomeCity = 'Nobody Home';

export type ParcelStatus = 'booked' | 'cancelled' | 'collected' | 'in_transit' | 'delivered' | 'delivery_failed' | 'returned';

export interface Parcel {
  shipmentId: string;
  reference: string;
  trackingNumber: string;
  city: string;
  status: ParcelStatus;
  /** Delivery attempts made so far (Nobody Home). */
  attempts?: number;
}

export interface Pace {
  /** Seconds between one step of a parcel and the next. */
  stepSeconds: number;
  /** Attempts at a door before the carrier gives up. */
  deliveryAttempts: number;
}

type WebhookType =
  | 'parcel.collected'
  | 'parcel.in_transit'
  | 'parcel.delivered'
  | 'parcel.delivery_failed'
  | 'parcel.returned'
  | 'return.received';

export interface Step {
  /** The parcel after the step. */
  parcel: Parcel;
  /** The webhook the step sends, if any (a failed attempt short of the last sends none). */
  webhook?: { type: WebhookType; data: Record<string, unknown> };
  /** Seconds until the parcel's next step; undefined once it has ended. */
  nextInSeconds?: number;
}

const webhookOf = (parcel: Parcel, type: WebhookType, extra: Record<string, unknown> = {}) => ({
  type,
  data: { shipmentId: parcel.shipmentId, reference: parcel.reference, trackingNumber: parcel.trackingNumber, ...extra },
});

/** The next step of a parcel that has one; undefined for one that has ended (or was cancelled). */
export const nextStep = (parcel: Parcel, { stepSeconds, deliveryAttempts }: Pace): Step | undefined => {
  const moved = (status: ParcelStatus, changes: Partial<Parcel> = {}) => ({ ...parcel, ...changes, status });
  switch (parcel.status) {
    case 'booked':
      return { parcel: moved('collected'), webhook: webhookOf(parcel, 'parcel.collected'), nextInSeconds: stepSeconds };
    case 'collected':
      return { parcel: moved('in_transit'), webhook: webhookOf(parcel, 'parcel.in_transit'), nextInSeconds: stepSeconds };
    case 'in_transit': {
      if (parcel.city !== nobodyHomeCity) return { parcel: moved('delivered'), webhook: webhookOf(parcel, 'parcel.delivered') };
      const attempts = (parcel.attempts ?? 0) + 1;
      if (attempts < deliveryAttempts) return { parcel: { ...parcel, attempts }, nextInSeconds: stepSeconds };
      return {
        parcel: moved('delivery_failed', { attempts }),
        webhook: webhookOf(parcel, 'parcel.delivery_failed', { attempts }),
        nextInSeconds: stepSeconds,
      };
    }
    case 'delivery_failed':
      return { parcel: moved('returned'), webhook: webhookOf(parcel, 'parcel.returned') };
    default:
      return undefined;
  }
};
