import type { HistoryEntry, OrderStatus } from '@ecommerce/api-client';
import { isAhead } from './lifecycle.js';
import type { StoredOrder } from './order.js';

/** The statuses in which an order waits for another service's next step, and what it waits for. */
const awaited = {
  ORDER_CREATED: 'its invoice',
  INVOICE_CREATED: 'its payment',
  PAYMENT_ACTION_REQUIRED: 'your authentication of the payment',
  PAYMENT_CONFIRMED: 'its shipment',
  PARCEL_BOOKING: "the carrier's answer",
  SHIPMENT_ERROR: 'its refund',
  SHIPPED: 'its delivery',
  DELIVERY_FAILED: 'its refund',
  PARCEL_RETURNED: 'its refund',
  CANCELLED: 'its refund',
} as const satisfies Partial<Record<OrderStatus, string>>;

/** A step of the saga an order can wait in; each has a deadline. */
export type WaitingStep = keyof typeof awaited;
export const waitingSteps = Object.keys(awaited) as WaitingStep[];

/** Where the orders marked stalled wait, in the WaitingOrders index, whatever step they stalled in. */
export const stalledPartition = 'STALLED';

/**
 * How long an order may wait in each step before it is stalled, and how long it may then stay
 * stalled before it is cancelled (when it still can be), in seconds. Configured per stage.
 */
export interface StepDeadlines {
  stalledAfterSeconds: Record<WaitingStep, number>;
  cancelledAfterSeconds: number;
}

/**
 * The keys of an order in the WaitingOrders index: the step it waits in (or STALLED) and since
 * when. An order that waits for nothing has none, and is not in the index.
 */
export interface WaitingKeys {
  waitingIn: WaitingStep | typeof stalledPartition;
  waitingSince: string;
}

/**
 * The step an order waits in: none once it has ended. A cancelled order waits for its refund only
 * when it was paid; one cancelled before its payment has ended.
 */
const waitingStep = (order: Pick<StoredOrder, 'status' | 'history'>): WaitingStep | undefined => {
  if (order.status === 'CANCELLED') {
    return order.history.some((entry) => entry.status === 'PAYMENT_CONFIRMED') ? 'CANCELLED' : undefined;
  }
  return order.status in awaited ? (order.status as WaitingStep) : undefined;
};

const stallOf = (order: Pick<StoredOrder, 'status' | 'history'>): HistoryEntry | undefined =>
  order.history.find((entry) => entry.status === order.status && entry.stalled === true);

/**
 * Where an order stands in the WaitingOrders index, from its status and history alone, so that
 * every write of the order writes the keys it implies: however its events were redelivered or
 * reordered, the order waits in its current step since the step began (the time of the event that
 * made it), or in STALLED since it was marked stalled in that step.
 */
export const waitingKeys = (order: Pick<StoredOrder, 'status' | 'history' | 'updatedAt'>): WaitingKeys | undefined => {
  const step = waitingStep(order);
  if (step === undefined) return undefined;
  const stall = stallOf(order);
  if (stall) return { waitingIn: stalledPartition, waitingSince: stall.at };
  const began = order.history.find((entry) => entry.status === order.status && entry.stalled !== true);
  return { waitingIn: step, waitingSince: began?.at ?? order.updatedAt };
};

/** The latest start of a step whose orders are now past its deadline: the bound of the index query. */
export const stalledIfWaitingSince = (step: WaitingStep, deadlines: StepDeadlines, now: Date): string =>
  new Date(now.getTime() - deadlines.stalledAfterSeconds[step] * 1000).toISOString();

/** The latest time an order can have been marked stalled and now be due for cancellation. */
export const cancelledIfStalledSince = (deadlines: StepDeadlines, now: Date): string =>
  new Date(now.getTime() - deadlines.cancelledAfterSeconds * 1000).toISOString();

export type StallDecision = { outcome: 'stalled'; step: WaitingStep; order: StoredOrder } | { outcome: 'not-stalled' };

/**
 * Marks an order stalled, once, when it has waited in its step past the step's deadline: an entry
 * in its history tells the customer, and moves it to STALLED in the index. An order that moved on,
 * ended, is already marked or is not yet due is left as it is.
 */
export const markStalled = (order: StoredOrder, deadlines: StepDeadlines, now: Date): StallDecision => {
  const keys = waitingKeys(order);
  if (!keys || keys.waitingIn === stalledPartition) return { outcome: 'not-stalled' };
  const step = keys.waitingIn;
  if (keys.waitingSince > stalledIfWaitingSince(step, deadlines, now)) return { outcome: 'not-stalled' };
  const at = now.toISOString();
  const entry: HistoryEntry = {
    status: order.status,
    at,
    stalled: true,
    detail: `We have been waiting for ${awaited[step]} since ${keys.waitingSince}, longer than we should; we are looking into it.`,
  };
  return {
    outcome: 'stalled',
    step,
    order: { ...order, history: [...order.history, entry], updatedAt: at, version: order.version + 1 },
  };
};

/**
 * Whether an order has stayed stalled past the final deadline and can still be cancelled: one
 * waiting for a refund is not (operators see it in the list of stalled orders).
 */
export const isCancellationDue = (order: StoredOrder, deadlines: StepDeadlines, now: Date): boolean => {
  const keys = waitingKeys(order);
  return (
    keys?.waitingIn === stalledPartition &&
    keys.waitingSince <= cancelledIfStalledSince(deadlines, now) &&
    isAhead(order.status, 'CANCELLED')
  );
};

/** The reason an order cancelled for being stalled gives its customer. */
export const stalledCancellation = (order: StoredOrder) => ({
  code: 'order_stalled',
  message: `We cancelled your order because ${awaited[waitingStep(order) ?? 'ORDER_CREATED']} did not come through in time. Any payment taken is refunded.`,
});

/**
 * Parses the deadlines of a stage as serverless.yml passes them: "ORDER_CREATED=900,INVOICE_CREATED=1800,..."
 * for every waiting step, and the final deadline in seconds. Names what is wrong.
 */
export const parseStepDeadlines = (stalledAfter: string, cancelledAfter: string): StepDeadlines => {
  const pairs = new Map(
    stalledAfter
      .split(',')
      .filter((pair) => pair.trim() !== '')
      .map((pair) => pair.split('=').map((part) => part.trim()) as [string, string]),
  );
  const seconds = (name: string, value: string | undefined) => {
    if (value === undefined || !/^[1-9][0-9]{0,7}$/.test(value)) {
      throw new Error(`the deadline of ${name} must be a whole number of seconds, not ${value ?? 'missing'}`);
    }
    return Number(value);
  };
  const unknown = [...pairs.keys()].filter((name) => !(waitingSteps as string[]).includes(name));
  if (unknown.length > 0) throw new Error(`there is no step ${unknown.join(', ')} to give a deadline to`);
  return {
    stalledAfterSeconds: Object.fromEntries(waitingSteps.map((step) => [step, seconds(step, pairs.get(step))])) as Record<
      WaitingStep,
      number
    >,
    cancelledAfterSeconds: seconds('the cancellation of a stalled order', cancelledAfter),
  };
};
