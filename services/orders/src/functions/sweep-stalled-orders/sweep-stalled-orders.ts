import { randomUUID } from 'node:crypto';
import { countStalledOrder, logger } from '@ecommerce/observability';
import type { OrderRepository, WaitingOrdersKey } from '../../adapters/order-repository.js';
import {
  cancelledIfStalledSince,
  isCancellationDue,
  markStalled,
  stalledCancellation,
  stalledIfWaitingSince,
  stalledPartition,
  waitingSteps,
  type StepDeadlines,
  type WaitingKeys,
} from '../../domain/deadlines.js';
import { writeCancellation, type CancellationDependencies } from '../../use-cases/cancellation.js';

export interface SweepStalledOrdersDependencies extends CancellationDependencies {
  orders: Pick<OrderRepository, 'get' | 'update' | 'listWaiting'>;
  deadlines: StepDeadlines;
  newId?: () => string;
  now?: () => Date;
  /** At most this many orders of each partition per run: a backlog is worked off over several runs. */
  batchSize?: number;
}

export interface SweepResult {
  stalled: number;
  cancelled: number;
}

const maxAttempts = 5;

/**
 * Reads an order again and applies `change` to it, over the version read, until it applies or the
 * order no longer needs it. Another writer (an event moving the order on, a customer cancelling)
 * wins a race: the change is judged again on what it wrote.
 */
const withFreshOrder = async (
  orders: Pick<OrderRepository, 'get'>,
  orderId: string,
  change: (order: NonNullable<Awaited<ReturnType<OrderRepository['get']>>>) => Promise<'done' | 'not-needed' | 'conflict'>,
): Promise<boolean> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await orders.get(orderId);
    if (!order) return false;
    const outcome = await change(order);
    if (outcome !== 'conflict') return outcome === 'done';
  }
  // The order keeps moving: it is not stalled. The next run judges it again.
  logger.warn('order kept changing while it was being swept', { orderId });
  return false;
};

/** Every order due in one partition of the WaitingOrders index, at most `batchSize`, page by page. */
const dueOrders = async (
  orders: Pick<OrderRepository, 'listWaiting'>,
  waitingIn: WaitingKeys['waitingIn'],
  until: string,
  batchSize: number,
): Promise<string[]> => {
  const ids: string[] = [];
  let after: WaitingOrdersKey | undefined;
  do {
    const page = await orders.listWaiting(waitingIn, { until, limit: Math.min(100, batchSize - ids.length), after });
    ids.push(...page.items.map((item) => item.orderId));
    after = page.next;
  } while (after && ids.length < batchSize);
  return ids;
};

/**
 * The scheduled sweep of stalled orders. For each step of the saga it queries the WaitingOrders
 * index for the orders that have waited in it past the step's deadline, and marks each stalled in
 * its history (once: marking moves it to STALLED in the index) and counts it (OrderStalled). Then
 * it cancels the orders that stayed stalled past the final deadline and can still be cancelled,
 * through the same path as a customer's cancellation, with a reason the customer reads. Every
 * decision is taken again on the order as it is read, and written over its version.
 */
export const sweepStalledOrders = async ({
  orders,
  deadlines,
  newId = randomUUID,
  now = () => new Date(),
  batchSize = 200,
  ...cancellation
}: SweepStalledOrdersDependencies): Promise<SweepResult> => {
  const result: SweepResult = { stalled: 0, cancelled: 0 };
  for (const step of waitingSteps) {
    for (const orderId of await dueOrders(orders, step, stalledIfWaitingSince(step, deadlines, now()), batchSize)) {
      const stalled = await withFreshOrder(orders, orderId, async (order) => {
        const decision = markStalled(order, deadlines, now());
        if (decision.outcome === 'not-stalled') return 'not-needed';
        if (!(await orders.update(decision.order, order.version))) return 'conflict';
        countStalledOrder(decision.step);
        logger.info('order stalled', { orderId, step: decision.step });
        return 'done';
      });
      if (stalled) result.stalled += 1;
    }
  }
  for (const orderId of await dueOrders(orders, stalledPartition, cancelledIfStalledSince(deadlines, now()), batchSize)) {
    const cancelled = await withFreshOrder(orders, orderId, async (order) => {
      if (!isCancellationDue(order, deadlines, now())) return 'not-needed';
      const decision = await writeCancellation({ orders, ...cancellation }, order, {
        eventId: newId(),
        now: now(),
        cancelledBy: 'system',
        reason: stalledCancellation(order),
      });
      if (decision.outcome === 'conflict') return 'conflict';
      return decision.outcome === 'cancelled' ? 'done' : 'not-needed';
    });
    if (cancelled) {
      result.cancelled += 1;
      logger.info('stalled order cancelled', { orderId });
    }
  }
  return result;
};
