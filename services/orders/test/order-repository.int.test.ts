import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createEventBuilder } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createOrderRepository,
  waitingPartition,
  waitingPartitions,
  type WaitingOrdersKey,
} from '../src/adapters/order-repository.js';
import { orderCreatedData, placeOrder, type StoredOrder } from '../src/domain/order.js';
import { kettle, placing, wok } from './fixtures.js';
import { scratchOrdersTable } from './scratch-orders-table.js';

// Shaped as the one the local cloud created from this service's serverless.yml, without its stream,
// whose relay would clear the outbox entries this test counts.
const table = await scratchOrdersTable();
afterAll(table.drop);
const { tableName } = table;
const orders = createOrderRepository({ tableName });
const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const events = createEventBuilder({ source: 'orders', validators: eventValidators });

const newOrder = () => {
  const orderId = randomUUID();
  const eventId = randomUUID();
  const result = placeOrder(placing(), { items: [kettle, wok], missing: [] }, { orderId, eventId, now: new Date() });
  if (!result.accepted) throw new Error('expected the order to be accepted');
  const event = events.build({ id: eventId, type: 'ORDER_CREATED', orderId, data: orderCreatedData(result.order) });
  return { order: result.order, event };
};

const itemsOf = async (orderId: string) =>
  (
    await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}` },
      }),
    )
  ).Items ?? [];

describe('the order repository on DynamoDB Local', () => {
  it('stores an order and its event in the outbox together, and reads the order back as stored', async () => {
    const { order, event } = newOrder();

    await orders.create(order, event);

    expect(await orders.get(order.orderId)).toEqual<StoredOrder>(order);
    expect((await itemsOf(order.orderId)).map((item) => item['sk'])).toEqual(['ORDER', `OUTBOX#${event.id}`]);
  });

  it('refuses to overwrite an order, and then writes no second outbox entry', async () => {
    const { order, event } = newOrder();
    await orders.create(order, event);
    const twin = { ...event, id: randomUUID() };

    await expect(orders.create({ ...order, customerId: 'cust-intruder' }, twin)).rejects.toThrow(
      /ConditionalCheckFailed|Transaction cancelled/,
    );

    expect(await orders.get(order.orderId)).toMatchObject({ customerId: order.customerId });
    expect(await itemsOf(order.orderId)).toHaveLength(2);
  });

  it('writes a changed order only over the version it was read at', async () => {
    const { order, event } = newOrder();
    await orders.create(order, event);
    const changed = { ...order, status: 'INVOICE_CREATED' as const, version: 2 };

    expect(await orders.update(changed, 1)).toBe(true);
    expect(await orders.update({ ...changed, status: 'CANCELLED', version: 2 }, 1)).toBe(false);
    expect(await orders.get(order.orderId)).toMatchObject({ status: 'INVOICE_CREATED', version: 2 });
  });

  it('finds nothing for an unknown order', async () => {
    expect(await orders.get(randomUUID())).toBeUndefined();
  });
});

describe('the WaitingOrders index', () => {
  const indexed = async (waitingIn: 'ORDER_CREATED' | 'INVOICE_CREATED', waitingSince: string, orderId: string) =>
    (
      await dynamodb.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'WaitingOrders',
          KeyConditionExpression: 'waitingIn = :in AND waitingSince = :since',
          ExpressionAttributeValues: { ':in': waitingPartition(waitingIn, orderId), ':since': waitingSince },
        }),
      )
    ).Items ?? [];

  it('holds an order under the step it waits in, moves it with every write and drops it once it has ended', async () => {
    // Placed far in the future, so that the local cloud's sweep of stalled orders never finds it due.
    const placedAt = new Date(Date.UTC(2999, 0, 1) + Math.floor(Math.random() * 1e9)).toISOString();
    const { order, event } = newOrder();
    const placed = { ...order, createdAt: placedAt, updatedAt: placedAt, history: [{ ...order.history[0]!, at: placedAt }] };
    const invoicedAt = new Date(Date.parse(placedAt) + 1000).toISOString();
    const invoiced = {
      ...placed,
      status: 'INVOICE_CREATED' as const,
      history: [...placed.history, { status: 'INVOICE_CREATED' as const, at: invoicedAt, eventId: randomUUID() }],
      version: 2,
    };

    await orders.create(placed, event);
    const afterCreate = await indexed('ORDER_CREATED', placedAt, order.orderId);
    await orders.update(invoiced, 1);
    const afterInvoice = [
      await indexed('ORDER_CREATED', placedAt, order.orderId),
      await indexed('INVOICE_CREATED', invoicedAt, order.orderId),
    ];
    await orders.update({ ...invoiced, status: 'PAYMENT_FAILED', version: 3 }, 2);
    const [stored] = await itemsOf(order.orderId);

    expect(afterCreate.map((item) => item['orderId'])).toEqual([order.orderId]);
    expect(afterCreate[0]).toMatchObject({ customerId: order.customerId, status: 'ORDER_CREATED', total: order.total });
    expect(afterInvoice.map((items) => items.map((item) => item['orderId']))).toEqual([[], [order.orderId]]);
    expect(stored).not.toHaveProperty('waitingIn');
    expect(stored).not.toHaveProperty('waitingSince');
    expect(await orders.get(order.orderId)).toEqual({ ...invoiced, status: 'PAYMENT_FAILED', version: 3 });
  });

  it('is read whole: every shard, and orders written before it was sharded, longest waiting first, page by page', async () => {
    // 40 orders in a window far in the future that no other test writes in, two placed at each instant.
    const windowStart = Date.UTC(2998, 0, 1) + Math.floor(Math.random() * 1e9);
    const at = (i: number) => new Date(windowStart + Math.floor(i / 2) * 1000).toISOString();
    const placed = Array.from({ length: 40 }, (_, i) => {
      const { order, event } = newOrder();
      const placedAt = at(i);
      return {
        order: { ...order, createdAt: placedAt, updatedAt: placedAt, history: [{ ...order.history[0]!, at: placedAt }] },
        event,
      };
    });
    await Promise.all(placed.slice(1).map(({ order, event }) => orders.create(order, event)));
    // The first as every order was stored before the index had shards: under the step's name alone.
    const unsharded = placed[0]!.order;
    await dynamodb.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `ORDER#${unsharded.orderId}`, sk: 'ORDER', ...unsharded, waitingIn: 'ORDER_CREATED', waitingSince: at(0) },
      }),
    );
    const shards = new Set(placed.slice(1).map(({ order }) => waitingPartition('ORDER_CREATED', order.orderId)));

    const read: string[] = [];
    let after: WaitingOrdersKey | undefined = {
      waitingIn: 'ORDER_CREATED',
      waitingSince: new Date(windowStart - 1).toISOString(),
      pk: 'ORDER#',
      sk: 'ORDER',
    };
    let pages = 0;
    while (after) {
      const page = await orders.listWaiting('ORDER_CREATED', { until: at(39), limit: 3, after });
      read.push(...page.items.map((item) => item.orderId));
      after = page.next;
      pages += 1;
    }

    expect(shards.size).toBeGreaterThan(10);
    expect(waitingPartitions('ORDER_CREATED')).toEqual(expect.arrayContaining([...shards, 'ORDER_CREATED']));
    expect(new Set(read)).toEqual(new Set(placed.map(({ order }) => order.orderId)));
    expect(read).toHaveLength(40);
    const since = read.map((orderId) => placed.find(({ order }) => order.orderId === orderId)!.order.createdAt);
    expect(since).toEqual([...since].sort());
    expect(pages).toBeGreaterThanOrEqual(14);
  });
});

describe('creating an order together with other writes', () => {
  it('writes them in the same transaction, and none of them when one condition fails', async () => {
    const { order, event } = newOrder();
    const marker = { pk: `TEST#${randomUUID()}`, sk: 'MARKER' };
    const failing = { Put: { TableName: tableName, Item: marker, ConditionExpression: 'attribute_exists(pk)' } };

    await expect(orders.create(order, event, [failing])).rejects.toThrow();
    expect(await orders.get(order.orderId)).toBeUndefined();

    await orders.create(order, event, [{ Put: { TableName: tableName, Item: marker } }]);
    expect(await orders.get(order.orderId)).toBeDefined();
    expect(await itemsOf(order.orderId)).toHaveLength(2);
  });
});
