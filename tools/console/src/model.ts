import type { OrderStatus } from '@ecommerce/api-client';
import type { Money, OrderEvent } from '@ecommerce/shared-events';
import { isPartialRefund } from '@ecommerce/shared-events/refunds';

/** The page formats money as the e-mails do (the package's entry point would bring the SNS client into the page). */
export { formatMoney } from '@ecommerce/shared-events/money';

/**
 * What the console shows, derived from the event journal alone: pure functions of the events, so
 * that the page renders the same picture whatever order the polls arrive in.
 */

export interface OrderRow {
  orderId: string;
  customerId: string;
  total: Money;
  createdAt: string;
  status: OrderStatus;
}

/** The order's status after `event`, or undefined for an event that does not move it (ORDER_MODIFIED, CREDIT_NOTE_CREATED, a return, a partial refund). */
const statusAfter = (event: OrderEvent): OrderStatus | undefined => {
  switch (event.type) {
    case 'ORDER_CANCELLED':
      return 'CANCELLED';
    case 'ORDER_MODIFIED':
    case 'CREDIT_NOTE_CREATED':
    case 'RETURN_REQUESTED':
    case 'RETURN_RECEIVED':
      return undefined;
    case 'PAYMENT_REFUNDED':
      return isPartialRefund(event) ? undefined : 'PAYMENT_REFUNDED';
    default:
      return event.type;
  }
};

/** Events oldest first (by time, then id), as the journal lists them. */
const chronological = (events: OrderEvent[]): OrderEvent[] =>
  [...events].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));

/**
 * The latest orders of every customer, newest first, each with the status of its last event that
 * moved it. Orders whose ORDER_CREATED the journal has not seen (a poison message) are left out.
 * The order being watched stays listed (last) after newer orders push it out of the newest `limit`:
 * on a busy stage it would otherwise vanish from under the person following it.
 */
export const latestOrders = (
  events: OrderEvent[],
  { limit = 20, watched }: { limit?: number; watched?: string } = {},
): OrderRow[] => {
  const rows = new Map<string, OrderRow>();
  for (const event of chronological(events)) {
    if (event.type === 'ORDER_CREATED') {
      rows.set(event.orderId, {
        orderId: event.orderId,
        customerId: event.data.customerId,
        total: event.data.total,
        createdAt: event.time,
        status: 'ORDER_CREATED',
      });
      continue;
    }
    const row = rows.get(event.orderId);
    const status = statusAfter(event);
    if (row && status) row.status = status;
  }
  const newestFirst = [...rows.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || a.orderId.localeCompare(b.orderId),
  );
  const latest = newestFirst.slice(0, limit);
  const watchedRow = watched === undefined ? undefined : rows.get(watched);
  return watchedRow && !latest.includes(watchedRow) ? [...latest, watchedRow] : latest;
};

export interface TimelineStep {
  event: OrderEvent;
  /** The service that emitted the event. */
  service: string;
  /** Since the step before, in milliseconds; undefined for the first step. */
  tookMs?: number;
  /**
   * Billing took the step on a webhook of the payment provider (3-D Secure completed, a debit
   * settled, a refund made): no event of ours caused it, so it has no causationId.
   */
  onWebhook: boolean;
}

const onWebhook = (event: OrderEvent): boolean => event.source === 'billing' && event.causationId === undefined;

/** An order's events in order, each with the service that emitted it and how long the step took. */
export const timeline = (events: OrderEvent[]): TimelineStep[] => {
  let previous: number | undefined;
  return chronological(events).map((event) => {
    const at = Date.parse(event.time);
    const step: TimelineStep = {
      event,
      service: event.source,
      tookMs: previous === undefined ? undefined : at - previous,
      onWebhook: onWebhook(event),
    };
    previous = at;
    return step;
  });
};

/** The services of the saga as the picture draws them, around the topic. */
export const sagaServices = ['orders', 'invoice', 'billing', 'shipment', 'email'] as const;

/** Which services of the saga emitted an event of the order: they light up in the picture. */
export const litServices = (events: OrderEvent[]): Set<string> => new Set(events.map((event) => event.source));

export interface Kpis {
  created: number;
  fulfilled: number;
  failed: number;
  /** One bucket a minute, oldest first, ending with the minute of `now`. */
  buckets: Array<{ start: string; created: number; fulfilled: number; failed: number }>;
}

const failures: ReadonlySet<string> = new Set(['PAYMENT_FAILED', 'SHIPMENT_ERROR', 'DELIVERY_FAILED']);

/** Orders created, fulfilled (delivered, as OrderFulfilled counts them) and failed, in total and per minute over the last `minutes`. */
export const kpis = (events: OrderEvent[], now: Date, minutes = 15): Kpis => {
  const minute = 60_000;
  const end = Math.floor(now.getTime() / minute) * minute;
  const first = end - (minutes - 1) * minute;
  const buckets = Array.from({ length: minutes }, (_, index) => ({
    start: new Date(first + index * minute).toISOString(),
    created: 0,
    fulfilled: 0,
    failed: 0,
  }));
  const totals = { created: 0, fulfilled: 0, failed: 0 };
  for (const event of events) {
    const kind =
      event.type === 'ORDER_CREATED'
        ? 'created'
        : event.type === 'DELIVERED'
          ? 'fulfilled'
          : failures.has(event.type)
            ? 'failed'
            : undefined;
    if (!kind) continue;
    totals[kind] += 1;
    const index = Math.floor((Date.parse(event.time) - first) / minute);
    const bucket = buckets[index];
    if (bucket) bucket[kind] += 1;
  }
  return { ...totals, buckets };
};
