import { randomUUID } from 'node:crypto';
import { reportFigure } from '@ecommerce/local-cloud';
import { createOutboxRelay } from '@ecommerce/outbox';
import { crashPoints, measureDualWrites } from '@ecommerce/outbox/fault-injection';
import { createEventPublisher } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it, vi } from 'vitest';
import { createIdempotencyStore } from '../src/adapters/idempotency-store.js';
import { createOrderRepository } from '../src/adapters/order-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createOrder } from '../src/functions/create-order/create-order.js';
import { kettle, orderRequest, wok } from './fixtures.js';

const tableName = 'orders-local';
const client = createDocumentClient();
const runs = 25;

describe('an order and its ORDER_CREATED, when the process dies anywhere between them', () => {
  it.each(crashPoints)('are both kept or both absent once the outbox is swept (process dies %s)', async (crashPoint) => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const outcome = await measureDualWrites({
      tableName,
      client,
      crashPoint,
      runs,
      announcedBy: 'ORDER_CREATED',
      input: () => ({ orderId: randomUUID() }),
      act: ({ orderId }, faulty, recorder) => {
        const ids = [orderId, randomUUID()];
        return createOrder(
          {
            catalogue: { lookup: async () => ({ items: [kettle, wok], missing: [] }) },
            orders: createOrderRepository({ tableName, client: faulty.client }),
            outbox: createOutboxRelay({ tableName, client: faulty.client, sender: faulty.sender }),
            publisher: createEventPublisher({
              source: 'orders',
              validators: eventValidators,
              topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
              sns: recorder as never,
            }),
            keys: createIdempotencyStore({ tableName, client: faulty.client }),
            newId: () => ids.shift()!,
          },
          { body: orderRequest(), headers: {}, caller: { customerId: 'cust-42', isOperator: false } } as unknown as Parameters<
            typeof createOrder
          >[1],
        );
      },
      isStored: async ({ orderId }) => (await createOrderRepository({ tableName, client }).get(orderId)) !== undefined,
    });

    reportFigure('no dual-write loss, orders', { crashPoint, ...outcome });
    expect(outcome).toMatchObject({
      runs,
      lostEvents: 0,
      phantomEvents: 0,
      stored: crashPoint === 'before the commit' ? 0 : runs,
    });
    // Published inline, then again by the relay: the same event id, which consumers ignore the second time.
    expect(outcome.publishedTwice).toBe(crashPoint === 'after the publish' ? runs : 0);
    vi.restoreAllMocks();
  });
});
