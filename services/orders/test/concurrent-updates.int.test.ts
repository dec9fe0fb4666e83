import { randomUUID } from 'node:crypto';
import { exampleEvent } from '@ecommerce/shared-events';
import { reportFigure } from '@ecommerce/local-cloud';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrderRepository, type OrderRepository } from '../src/adapters/order-repository.js';
import type { ProgressEvent } from '../src/domain/lifecycle.js';
import { placeOrder } from '../src/domain/order.js';
import { trackOrder } from '../src/functions/track-order/track-order.js';
import { kettle, placing, wok } from './fixtures.js';
import { scratchOrdersTable } from './scratch-orders-table.js';

const table = await scratchOrdersTable();
afterAll(table.drop);
const repository = createOrderRepository({ tableName: table.tableName });

describe('50 concurrent transitions on one order, on DynamoDB Local', () => {
  it('applies every one exactly once, with a consistent version, retrying the writes that lost a race', async () => {
    const orderId = randomUUID();
    const placedAt = Date.now();
    const placed = placeOrder(
      placing(),
      { items: [kettle, wok], missing: [] },
      { orderId, eventId: randomUUID(), now: new Date(placedAt) },
    );
    if (!placed.accepted) throw new Error('expected the order to be accepted');
    await repository.create(placed.order, exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId }));
    const types = ['INVOICE_CREATED', 'PAYMENT_CONFIRMED', 'SHIPPED'] as const;
    const events = Array.from(
      { length: 50 },
      (_, i) =>
        exampleEvent(types[i % 3]!, {
          id: randomUUID(),
          orderId,
          time: new Date(placedAt + 1_000 + i * 10).toISOString(),
        }) as ProgressEvent,
    );
    let conflicts = 0;
    const counting: OrderRepository = {
      ...repository,
      update: async (order, expected) => {
        const written = await repository.update(order, expected);
        if (!written) conflicts += 1;
        return written;
      },
    };

    // Like Lambda, a delivery that gave up is delivered again.
    let redeliveries = 0;
    const deliver = async (event: ProgressEvent): Promise<void> => {
      try {
        await trackOrder(counting, event);
      } catch {
        redeliveries += 1;
        await deliver(event);
      }
    };
    const started = performance.now();
    await Promise.all(events.map(deliver));
    const elapsedMs = Math.round(performance.now() - started);

    const order = (await repository.get(orderId))!;
    const recorded = order.history.map((entry) => entry.eventId);
    expect(order.history).toHaveLength(51);
    expect(new Set(recorded).size).toBe(51);
    for (const event of events) expect(recorded).toContain(event.id);
    expect(order.version).toBe(51);
    expect(order.status).toBe('SHIPPED');
    reportFigure('no lost updates', {
      transitions: 50,
      applied: order.history.length - 1,
      version: order.version,
      conflicts,
      redeliveries,
      elapsedMs,
    });
    // 50 writers racing on one item take 5 s on a quiet machine and 46 s were seen while the rest of
    // the suite loads DynamoDB Local: the test counts what happens, it does not time it.
  }, 180_000);
});
