import type { OrderStatus } from '@ecommerce/api-client';
import { formatMoney, isPartialRefund, type EventData, type OrderEvent } from '@ecommerce/shared-events';
import type { StoredOrder } from './order.js';

/** The events, emitted by other services, that move an order along its lifecycle. */
export const progressEventTypes = [
  'INVOICE_CREATED',
  'PAYMENT_ACTION_REQUIRED',
  'PAYMENT_CONFIRMED',
  'PAYMENT_FAILED',
  'SHIPPED',
  'SHIPMENT_ERROR',
  'PAYMENT_REFUNDED',
  'DELIVERED',
  'DELIVERY_FAILED',
  'PARCEL_RETURNED',
] as const;
export type ProgressEvent = OrderEvent<(typeof progressEventTypes)[number] | 'ORDER_CANCELLED'>;

/**
 * Where an order may go from each status. PAYMENT_FAILED, DELIVERED and PAYMENT_REFUNDED end it;
 * a cancelled order that was paid is refunded. An order can be cancelled until shipment locks it
 * for booking its parcel (PARCEL_BOOKING, see lockForParcelBooking): from then on the parcel is the
 * carrier's, and the order is SHIPPED, or SHIPMENT_ERROR and refunded. A shipped parcel is
 * DELIVERED, or the carrier gives up (DELIVERY_FAILED), the parcel comes back (PARCEL_RETURNED,
 * which may come after the refund, or never) and the payment is refunded.
 */
const lifecycle: Record<OrderStatus, OrderStatus[]> = {
  ORDER_CREATED: ['INVOICE_CREATED', 'CANCELLED'],
  INVOICE_CREATED: ['PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED', 'PAYMENT_FAILED', 'CANCELLED'],
  // The customer authenticates the payment (3-D Secure), fails to, or never does and is cancelled.
  PAYMENT_ACTION_REQUIRED: ['PAYMENT_CONFIRMED', 'PAYMENT_FAILED', 'CANCELLED'],
  PAYMENT_CONFIRMED: ['PARCEL_BOOKING', 'CANCELLED'],
  PARCEL_BOOKING: ['SHIPPED', 'SHIPMENT_ERROR'],
  SHIPMENT_ERROR: ['PAYMENT_REFUNDED'],
  CANCELLED: ['PAYMENT_REFUNDED'],
  PAYMENT_FAILED: [],
  SHIPPED: ['DELIVERED', 'DELIVERY_FAILED'],
  DELIVERY_FAILED: ['PARCEL_RETURNED', 'PAYMENT_REFUNDED'],
  PARCEL_RETURNED: ['PAYMENT_REFUNDED'],
  DELIVERED: [],
  PAYMENT_REFUNDED: [],
};

/** Whether `to` lies ahead of `from`: directly, or after steps whose events have not arrived yet. */
export const isAhead = (from: OrderStatus, to: OrderStatus): boolean => {
  const seen = new Set<OrderStatus>();
  const queue = [...lifecycle[from]];
  while (queue.length > 0) {
    const status = queue.shift()!;
    if (status === to) return true;
    if (!seen.has(status)) {
      seen.add(status);
      queue.push(...lifecycle[status]);
    }
  }
  return false;
};

const statusOf = (event: ProgressEvent): OrderStatus => (event.type === 'ORDER_CANCELLED' ? 'CANCELLED' : event.type);

/** What the customer may want to know about a step, in a sentence. */
const detailOf = (event: ProgressEvent): string => {
  switch (event.type) {
    case 'INVOICE_CREATED':
      return `Invoice ${event.data.invoiceNumber} for ${formatMoney(event.data.total)}`;
    case 'PAYMENT_ACTION_REQUIRED':
      return `Your bank asks you to authenticate the payment of ${formatMoney(event.data.amount)}`;
    case 'PAYMENT_CONFIRMED':
      return `Paid ${formatMoney(event.data.amount)}`;
    case 'PAYMENT_REFUNDED':
      return `Refunded ${formatMoney(event.data.amount)}: ${event.data.reason.message}`;
    case 'SHIPPED':
      return `Shipped with ${event.data.carrier}, tracking number ${event.data.trackingNumber}`;
    case 'DELIVERED':
      return `Delivered by ${event.data.carrier} (tracking number ${event.data.trackingNumber})`;
    case 'PARCEL_RETURNED':
      return `Your parcel is back with us (tracking number ${event.data.trackingNumber})`;
    case 'DELIVERY_FAILED':
    case 'PAYMENT_FAILED':
    case 'SHIPMENT_ERROR':
    case 'ORDER_CANCELLED':
      return event.data.reason.message;
  }
};

const withoutPaymentAction = ({ payment: _asked, ...order }: StoredOrder): StoredOrder => order;

export type Progress = { changed: false } | { changed: true; order: StoredOrder };

/** A partial refund gives back part of the payment: the order goes on to be shipped, so it joins the history only. */
const movesStatus = (event: ProgressEvent): boolean => !(event.type === 'PAYMENT_REFUNDED' && isPartialRefund(event));

/**
 * Records an event in the order's history and moves its status forward when the event's step lies
 * ahead. A repeated event changes nothing; a late one joins the history at its time but never moves
 * the status backwards; one that arrives early moves the order past the steps still on their way.
 */
export const recordProgress = (order: StoredOrder, event: ProgressEvent): Progress => {
  if (order.history.some((entry) => entry.eventId === event.id)) return { changed: false };
  const status = statusOf(event);
  const history = [...order.history, { status, at: event.time, eventId: event.id, detail: detailOf(event) }].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  const moves = movesStatus(event) && isAhead(order.status, status);
  // The customer is asked to act only while the order waits for it.
  const payment = !moves
    ? order.payment
    : event.type === 'PAYMENT_ACTION_REQUIRED'
      ? { status: 'requires_action' as const, nextActionUrl: event.data.nextActionUrl }
      : undefined;
  return {
    changed: true,
    order: {
      ...withoutPaymentAction(order),
      ...(payment ? { payment } : {}),
      history,
      status: moves ? status : order.status,
      updatedAt: event.time > order.updatedAt ? event.time : order.updatedAt,
      version: order.version + 1,
    },
  };
};

export type Cancellation =
  { outcome: 'cancelled'; order: StoredOrder } | { outcome: 'already-cancelled' } | { outcome: 'too-late'; status: OrderStatus };

/** Why an order is cancelled, in ORDER_CANCELLED's words; `message` is what its customer reads. */
export type CancellationReason = EventData<'ORDER_CANCELLED'>['reason'];
export const customerRequest: CancellationReason = { code: 'customer_request', message: 'You cancelled the order.' };

/** Cancels an order that has not shipped, as the step `eventId` of its history. */
export const cancel = (
  order: StoredOrder,
  { eventId, now, reason = customerRequest }: { eventId: string; now: Date; reason?: CancellationReason },
): Cancellation => {
  if (order.status === 'CANCELLED') return { outcome: 'already-cancelled' };
  if (!isAhead(order.status, 'CANCELLED')) return { outcome: 'too-late', status: order.status };
  const at = now.toISOString();
  return {
    outcome: 'cancelled',
    order: {
      ...withoutPaymentAction(order),
      status: 'CANCELLED',
      history: [...order.history, { status: 'CANCELLED', at, eventId, detail: reason.message }],
      updatedAt: at,
      version: order.version + 1,
    },
  };
};

/**
 * Whether the parcel of an order is booked, or being booked: shipment locked it and has not given
 * it back, or the carrier shipped (and maybe delivered, or failed to) or refused it, and the refund of
 * a refusal or a failed delivery may have followed.
 * From then on the order is the carrier's: it can no longer be cancelled, nor its delivery changed.
 */
export const isParcelBooked = (order: Pick<StoredOrder, 'status' | 'history'>): boolean =>
  (['PARCEL_BOOKING', 'SHIPPED', 'SHIPMENT_ERROR', 'DELIVERED', 'DELIVERY_FAILED', 'PARCEL_RETURNED'] as OrderStatus[]).includes(
    order.status,
  ) ||
  (order.status === 'PAYMENT_REFUNDED' &&
    order.history.some((entry) => entry.status === 'SHIPMENT_ERROR' || entry.status === 'SHIPPED'));

export type ParcelBookingLock =
  | { outcome: 'locked'; order: StoredOrder }
  | { outcome: 'already-locked' }
  | { outcome: 'not-paid-yet'; status: OrderStatus }
  | { outcome: 'not-bookable'; status: OrderStatus };

/**
 * Shipment's lock on a paid order, right before it books the parcel: the order moves to
 * PARCEL_BOOKING, after which it cannot be cancelled. Written on the order's version, like a
 * cancellation, so that of a cancellation and a lock racing each other exactly one wins. A lock
 * made again (a redelivered payment) finds the order locked. Only an order orders holds paid
 * (PAYMENT_CONFIRMED) is locked, whatever the event that sent shipment here says: one still
 * waiting for its payment is `not-paid-yet` (its PAYMENT_CONFIRMED may be on its way to orders;
 * shipment asks again), one that can never be paid is `not-bookable`.
 */
export const lockForParcelBooking = (order: StoredOrder, { now }: { now: Date }): ParcelBookingLock => {
  if (isParcelBooked(order)) return { outcome: 'already-locked' };
  if (!isAhead(order.status, 'PARCEL_BOOKING')) return { outcome: 'not-bookable', status: order.status };
  if (order.status !== 'PAYMENT_CONFIRMED') return { outcome: 'not-paid-yet', status: order.status };
  const at = now.toISOString();
  return {
    outcome: 'locked',
    order: {
      ...order,
      status: 'PARCEL_BOOKING',
      history: [...order.history, { status: 'PARCEL_BOOKING', at, detail: 'Your parcel is being booked with the carrier.' }],
      updatedAt: at,
      version: order.version + 1,
    },
  };
};

export type ParcelBookingRelease =
  { outcome: 'released'; order: StoredOrder } | { outcome: 'not-locked' } | { outcome: 'booked'; status: OrderStatus };

/**
 * Gives shipment's lock back when the carrier said it booked nothing (it could not take bookings):
 * the order waits for its shipment again, so that it can be changed, cancelled or found stalled
 * while the carrier is down, and shipment locks it again on its next attempt. Written on the
 * order's version like the lock. Once the carrier shipped or refused the parcel, there is nothing
 * to give back.
 */
export const releaseParcelBooking = (order: StoredOrder, { now }: { now: Date }): ParcelBookingRelease => {
  if (!isParcelBooked(order)) return { outcome: 'not-locked' };
  if (order.status !== 'PARCEL_BOOKING') return { outcome: 'booked', status: order.status };
  const at = now.toISOString();
  return {
    outcome: 'released',
    order: {
      ...order,
      status: 'PAYMENT_CONFIRMED',
      history: [
        ...order.history,
        { status: 'PAYMENT_CONFIRMED', at, detail: 'The carrier could not take the booking yet: it will be tried again.' },
      ],
      updatedAt: at,
      version: order.version + 1,
    },
  };
};
