import { createEventBuilder, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import type { OrderRepository, WaitingOrder } from '../../src/adapters/order-repository.js';
import { waitingKeys, type StepDeadlines } from '../../src/domain/deadlines.js';
import { recordProgress, type ProgressEvent } from '../../src/domain/lifecycle.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { sweepStalledOrders } from '../../src/functions/sweep-stalled-orders/sweep-stalled-orders.js';
import { kettle, placing, wok } from '../fixtures.js';

const placed = (orderId: string, at: string): StoredOrder => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId, eventId: '00000000-0000-4000-8000-000000000000', now: new Date(at) },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return result.order;
};

const paid = (orderId: string, at: string): StoredOrder => {
  const progress = recordProgress(
    placed(orderId, at),
    exampleEvent('PAYMENT_CONFIRMED', { id: '00000000-0000-4000-8000-000000000001', orderId, time: at }) as ProgressEvent,
  );
  if (!progress.changed) throw new Error('expected progress');
  return progress.order;
};

const deadlines: StepDeadlines = {
  stalledAfterSeconds: {
    ORDER_CREATED: 60,
    INVOICE_CREATED: 60,
    PAYMENT_ACTION_REQUIRED: 60,
    PAYMENT_CONFIRMED: 60,
    PARCEL_BOOKING: 60,
    SHIPMENT_ERROR: 60,
    CANCELLED: 60,
    SHIPPED: 60,
    DELIVERY_FAILED: 60,
    PARCEL_RETURNED: 60,
  },
  cancelledAfterSeconds: 600,
};

/**
 * The orders table as the sweep sees it: orders by id, and the WaitingOrders index computed from
 * each stored order as DynamoDB would project it. `beforeWrite` runs just before a write lands, to
 * let another writer get there first.
 */
const fakeTable = (initial: StoredOrder[]) => {
  const stored = new Map(initial.map((order) => [order.orderId, order]));
  const announced: OrderEvent[] = [];
  const queries: Array<{ waitingIn: string; until?: string }> = [];
  let beforeWrite: (orderId: string) => void = () => {};
  const orders: Pick<OrderRepository, 'get' | 'update' | 'listWaiting'> = {
    get: async (orderId) => stored.get(orderId),
    update: async (order, expected, event) => {
      beforeWrite(order.orderId);
      if (stored.get(order.orderId)?.version !== expected) return false;
      stored.set(order.orderId, order);
      if (event) announced.push(event);
      return true;
    },
    listWaiting: async (waitingIn, { until, limit }) => {
      queries.push({ waitingIn, ...(until ? { until } : {}) });
      const items: WaitingOrder[] = [...stored.values()].flatMap((order) => {
        const keys = waitingKeys(order);
        if (keys?.waitingIn !== waitingIn || (until !== undefined && keys.waitingSince > until)) return [];
        const { orderId, customerId, status, total, createdAt, updatedAt } = order;
        return [{ orderId, customerId, status, total, createdAt, updatedAt, waitingSince: keys.waitingSince }];
      });
      return { items: items.slice(0, limit) };
    },
  };
  const dependencies = (now: string) => ({
    orders,
    deadlines,
    now: () => new Date(now),
    newId: () => '00000000-0000-4000-8000-0000000000cc',
    events: createEventBuilder({ source: 'orders', validators: eventValidators }),
  });
  return {
    stored,
    announced,
    queries,
    dependencies,
    racing: (write: (orderId: string) => void) => (beforeWrite = write),
  };
};

describe('the sweep of stalled orders', () => {
  it('marks the orders past their step deadline stalled, found by querying each step up to its deadline', async () => {
    const table = fakeTable([placed('ord-late', '2026-11-22T10:00:00.000Z'), placed('ord-fresh', '2026-11-22T10:00:30.000Z')]);

    const result = await sweepStalledOrders(table.dependencies('2026-11-22T10:01:10.000Z'));

    expect(result).toEqual({ stalled: 1, cancelled: 0 });
    expect(table.stored.get('ord-late')!.history.at(-1)).toMatchObject({ status: 'ORDER_CREATED', stalled: true });
    expect(table.stored.get('ord-fresh')!.history.some((entry) => entry.stalled)).toBe(false);
    expect(table.queries).toContainEqual({ waitingIn: 'ORDER_CREATED', until: '2026-11-22T10:00:10.000Z' });
    expect(table.announced).toEqual([]);
  });

  it('marks an order stalled once over many runs', async () => {
    const table = fakeTable([placed('ord-late', '2026-11-22T10:00:00.000Z')]);

    const runs = [];
    for (const now of ['2026-11-22T10:01:10.000Z', '2026-11-22T10:01:15.000Z', '2026-11-22T10:02:00.000Z']) {
      runs.push(await sweepStalledOrders(table.dependencies(now)));
    }

    expect(runs.map((run) => run.stalled)).toEqual([1, 0, 0]);
    expect(table.stored.get('ord-late')!.history.filter((entry) => entry.stalled)).toHaveLength(1);
  });

  it('leaves an order alone when its next step lands while the sweep is marking it', async () => {
    const table = fakeTable([placed('ord-1', '2026-11-22T10:00:00.000Z')]);
    table.racing((orderId) => {
      const order = table.stored.get(orderId)!;
      const progress = recordProgress(
        order,
        exampleEvent('INVOICE_CREATED', {
          id: '00000000-0000-4000-8000-0000000000ee',
          orderId,
          time: '2026-11-22T10:01:09.000Z',
        }) as ProgressEvent,
      );
      if (progress.changed) table.stored.set(orderId, progress.order);
      table.racing(() => {});
    });

    const result = await sweepStalledOrders(table.dependencies('2026-11-22T10:01:10.000Z'));

    expect(result.stalled).toBe(0);
    expect(table.stored.get('ord-1')!.status).toBe('INVOICE_CREATED');
    expect(table.stored.get('ord-1')!.history.some((entry) => entry.stalled)).toBe(false);
  });

  it('cancels an order stalled past the final deadline with ORDER_CANCELLED in its outbox, a reason its customer reads', async () => {
    const table = fakeTable([paid('ord-1', '2026-11-22T10:00:00.000Z')]);
    await sweepStalledOrders(table.dependencies('2026-11-22T10:01:00.000Z'));

    const early = await sweepStalledOrders(table.dependencies('2026-11-22T10:10:59.000Z'));
    const due = await sweepStalledOrders(table.dependencies('2026-11-22T10:11:00.000Z'));

    expect(early).toEqual({ stalled: 0, cancelled: 0 });
    expect(due).toEqual({ stalled: 0, cancelled: 1 });
    const order = table.stored.get('ord-1')!;
    expect(order.status).toBe('CANCELLED');
    const reason = {
      code: 'order_stalled',
      message: 'We cancelled your order because its shipment did not come through in time. Any payment taken is refunded.',
    };
    expect(order.history.at(-1)).toMatchObject({ status: 'CANCELLED', detail: reason.message });
    expect(table.announced).toHaveLength(1);
    expect(table.announced[0]).toMatchObject({
      type: 'ORDER_CANCELLED',
      orderId: 'ord-1',
      data: { cancelledBy: 'system', reason },
    });
    // Cancelled after its payment, it now waits for its refund: a step of its own, not stalled.
    expect(waitingKeys(order)).toEqual({ waitingIn: 'CANCELLED', waitingSince: '2026-11-22T10:11:00.000Z' });
  });

  it('cancels a stalled order once however often the sweep runs', async () => {
    const table = fakeTable([placed('ord-1', '2026-11-22T10:00:00.000Z')]);
    await sweepStalledOrders(table.dependencies('2026-11-22T10:01:00.000Z'));

    for (const now of ['2026-11-22T10:11:00.000Z', '2026-11-22T10:11:05.000Z', '2026-11-22T12:00:00.000Z']) {
      await sweepStalledOrders(table.dependencies(now));
    }

    expect(table.announced.map((event) => event.type)).toEqual(['ORDER_CANCELLED']);
  });

  it('never cancels a stalled order that waits for its refund', async () => {
    const refused = recordProgress(
      paid('ord-1', '2026-11-22T10:00:00.000Z'),
      exampleEvent('SHIPMENT_ERROR', {
        id: '00000000-0000-4000-8000-000000000002',
        orderId: 'ord-1',
        time: '2026-11-22T10:00:01.000Z',
      }) as ProgressEvent,
    );
    if (!refused.changed) throw new Error('expected progress');
    const table = fakeTable([refused.order]);
    await sweepStalledOrders(table.dependencies('2026-11-22T10:01:30.000Z'));

    const result = await sweepStalledOrders(table.dependencies('2026-11-23T10:00:00.000Z'));

    expect(result).toEqual({ stalled: 0, cancelled: 0 });
    expect(table.stored.get('ord-1')!.status).toBe('SHIPMENT_ERROR');
    expect(table.announced).toEqual([]);
  });

  it('cancels an order whose customer never authenticates the payment, past the step and the final deadline', async () => {
    const asked = recordProgress(
      placed('ord-1', '2026-11-22T10:00:00.000Z'),
      exampleEvent('PAYMENT_ACTION_REQUIRED', {
        id: '00000000-0000-4000-8000-000000000003',
        orderId: 'ord-1',
        time: '2026-11-22T10:00:00.000Z',
      }) as ProgressEvent,
    );
    if (!asked.changed) throw new Error('expected progress');
    const table = fakeTable([asked.order]);

    const marked = await sweepStalledOrders(table.dependencies('2026-11-22T10:01:00.000Z'));
    const cancelled = await sweepStalledOrders(table.dependencies('2026-11-22T10:11:00.000Z'));

    expect(marked).toEqual({ stalled: 1, cancelled: 0 });
    expect(cancelled).toEqual({ stalled: 0, cancelled: 1 });
    expect(table.stored.get('ord-1')).toMatchObject({ status: 'CANCELLED' });
    expect(table.stored.get('ord-1')).not.toHaveProperty('payment');
    expect(table.announced[0]).toMatchObject({
      type: 'ORDER_CANCELLED',
      data: {
        cancelledBy: 'system',
        reason: {
          code: 'order_stalled',
          message:
            'We cancelled your order because your authentication of the payment did not come through in time. Any payment taken is refunded.',
        },
      },
    });
  });
});
