import { createHash } from 'node:crypto';
import type { OrderSummary } from '@ecommerce/api-client';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import { waitingKeys, type WaitingKeys } from '../domain/deadlines.js';
import type { StoredOrder } from '../domain/order.js';

export interface OrderRepository {
  /**
   * Stores a new order together with the event that announces it, in one transaction: the event
   * waits in the order's outbox until it has been published, so neither exists without the other.
   */
  create(order: StoredOrder, event: OrderEvent, alsoWrite?: TransactItem[]): Promise<void>;
  get(orderId: string): Promise<StoredOrder | undefined>;
  /**
   * Writes a changed order only if nobody else wrote it since it was read at `expectedVersion`,
   * with the event that announces the change, if any, in its outbox in the same transaction.
   */
  update(order: StoredOrder, expectedVersion: number, event?: OrderEvent): Promise<boolean>;
  /** A customer's orders, newest first, `limit` at a time, from the CustomerOrders index. */
  listByCustomer(customerId: string, limit: number, after?: CustomerOrdersKey): Promise<OrderSummaryPage>;
  /**
   * The orders waiting in a step (or STALLED) since no later than `until`, longest waiting first,
   * `limit` at a time, from every shard of the WaitingOrders index: Queries, never a Scan.
   */
  listWaiting(
    waitingIn: WaitingKeys['waitingIn'],
    options: { until?: string; limit: number; after?: WaitingOrdersKey },
  ): Promise<WaitingOrderPage>;
}

/** Where a page of a customer's orders stops: the index's key and the table's; what a cursor holds. */
export const customerOrdersKey = {
  customerId: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
  createdAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/,
  pk: /^ORDER#[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
  sk: /^ORDER$/,
};
export type CustomerOrdersKey = Record<keyof typeof customerOrdersKey, string>;

interface OrderSummaryPage {
  items: OrderSummary[];
  next?: CustomerOrdersKey;
}

/** Where a page of the WaitingOrders index stops: what a cursor of GET /orders/stalled holds. */
export const waitingOrdersKey = {
  waitingIn: /^[A-Z_]{1,32}$/,
  waitingSince: customerOrdersKey.createdAt,
  pk: customerOrdersKey.pk,
  sk: customerOrdersKey.sk,
};
export type WaitingOrdersKey = Record<keyof typeof waitingOrdersKey, string>;

/** An order in the WaitingOrders index, with no more than the index projects. */
export type WaitingOrder = Pick<StoredOrder, 'orderId' | 'customerId' | 'status' | 'total' | 'createdAt' | 'updatedAt'> &
  Pick<WaitingKeys, 'waitingSince'>;

interface WaitingOrderPage {
  items: WaitingOrder[];
  next?: WaitingOrdersKey;
}

const customerOrdersIndex = 'CustomerOrders';
const waitingOrdersIndex = 'WaitingOrders';

/**
 * The WaitingOrders index spreads each step over 16 partition values, `ORDER_CREATED#00` to
 * `ORDER_CREATED#15`, by the order's id: at 1,000 orders a second every step takes 1,000 puts and
 * 1,000 deletes a second, twice what one partition takes (1,000 write units:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html),
 * and an index that cannot keep up throttles every write of the table
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations).
 * An order keeps its shard as it moves from step to step.
 */
export const waitingShards = 16;
export const waitingPartition = (waitingIn: WaitingKeys['waitingIn'], orderId: string): string =>
  `${waitingIn}#${String(createHash('sha256').update(orderId).digest()[0]! % waitingShards).padStart(2, '0')}`;

/**
 * Every partition value of a step (or STALLED) that a reader reads, and the unsharded one that
 * orders written before the index was sharded still carry until their next write.
 */
export const waitingPartitions = (waitingIn: WaitingKeys['waitingIn']): string[] => [
  ...Array.from({ length: waitingShards }, (_, shard) => `${waitingIn}#${String(shard).padStart(2, '0')}`),
  waitingIn,
];

/**
 * An order as it is stored: with the keys of the WaitingOrders index that its status and history
 * imply, so that every write of an order moves it in that index in the same conditional write.
 */
const orderItem = (order: StoredOrder) => {
  const keys = waitingKeys(order);
  return {
    ...orderKey(order.orderId),
    ...order,
    ...(keys ? { waitingIn: waitingPartition(keys.waitingIn, order.orderId), waitingSince: keys.waitingSince } : {}),
  };
};

/** Index items in the order a list reads them: longest waiting first, then by order. */
const byWaiting = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a['waitingSince']).localeCompare(String(b['waitingSince'])) || String(a['pk']).localeCompare(String(b['pk']));

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The partition of an order: the order item and its outbox entries. */
const orderPartition = (orderId: string) => `ORDER#${orderId}`;
const orderKey = (orderId: string) => ({ pk: orderPartition(orderId), sk: 'ORDER' });

export const createOrderRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): OrderRepository => ({
  create: async (order, event, alsoWrite = []) => {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: orderItem(order),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxEntry(tableName, orderPartition(order.orderId), event),
          ...alsoWrite,
        ],
      }),
    );
  },
  get: async (orderId) => {
    const item = await getItem<StoredOrder & Partial<WaitingKeys>>(client, tableName, orderKey(orderId));
    if (!item) return undefined;
    const { waitingIn: _waitingIn, waitingSince: _waitingSince, ...order } = item;
    return order;
  },
  listWaiting: async (waitingIn, { until, limit, after }) => {
    // Every shard gives its first `limit` items after the cursor (the last item of the page before);
    // the page is the first `limit` of them all, in one order across shards.
    const isAfterCursor = (item: Record<string, unknown>) => !after || byWaiting(item, after) > 0;
    const range =
      after && until !== undefined
        ? ' AND waitingSince BETWEEN :after AND :until'
        : after
          ? ' AND waitingSince >= :after'
          : until !== undefined
            ? ' AND waitingSince <= :until'
            : '';
    const firstOf = async (partition: string) => {
      const found: Array<Record<string, unknown>> = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: waitingOrdersIndex,
            KeyConditionExpression: `waitingIn = :in${range}`,
            ExpressionAttributeValues: {
              ':in': partition,
              ...(after ? { ':after': after.waitingSince } : {}),
              ...(until === undefined ? {} : { ':until': until }),
            },
            Limit: limit,
            ExclusiveStartKey,
          }),
        );
        found.push(...(page.Items ?? []).filter(isAfterCursor));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey && found.length < limit);
      return { found, more: ExclusiveStartKey !== undefined || found.length > limit };
    };
    if (after && until !== undefined && after.waitingSince > until) return { items: [] };
    const shards = await Promise.all(waitingPartitions(waitingIn).map(firstOf));
    const merged = shards.flatMap(({ found }) => found).sort(byWaiting);
    const page = merged.slice(0, limit);
    const more = merged.length > limit || shards.some((shard) => shard.more);
    const items = page.map(({ orderId, customerId, status, total, createdAt, updatedAt, waitingSince }) => ({
      orderId,
      customerId,
      status,
      total,
      createdAt,
      updatedAt,
      waitingSince,
    })) as WaitingOrder[];
    const last = page.at(-1);
    return {
      items,
      ...(more && last
        ? {
            next: { waitingIn, waitingSince: last['waitingSince'] as string, pk: last['pk'] as string, sk: last['sk'] as string },
          }
        : {}),
    };
  },
  listByCustomer: async (customerId, limit, after) => {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: customerOrdersIndex,
        KeyConditionExpression: 'customerId = :customer',
        ExpressionAttributeValues: { ':customer': customerId },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: after,
      }),
    );
    const items = (result.Items ?? []).map(({ orderId, status, total, createdAt, updatedAt }) => ({
      orderId,
      status,
      total,
      createdAt,
      updatedAt,
    })) as OrderSummary[];
    const last = result.LastEvaluatedKey as CustomerOrdersKey | undefined;
    return { items, ...(last ? { next: last } : {}) };
  },
  update: async (order, expectedVersion, event) => {
    const put = {
      TableName: tableName,
      Item: orderItem(order),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': expectedVersion },
    };
    try {
      if (event) {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: put }, outboxEntry(tableName, orderPartition(order.orderId), event)],
          }),
        );
      } else {
        await client.send(new PutCommand(put));
      }
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});
