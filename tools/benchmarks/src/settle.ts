import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { listDeadLetters } from '@ecommerce/local-cloud';
import { summarise, type Summary } from './load.js';

/** Statuses an order never leaves (see services/orders/src/domain/lifecycle.ts). */
const finalStatuses = new Set(['SHIPPED', 'PAYMENT_FAILED', 'PAYMENT_REFUNDED']);

// Read behind the API's back, so that watching the pipeline adds no load to the functions measured.
const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

interface StoredOrder {
  orderId: string;
  status: string;
  createdAt: string;
  history?: Array<{ status: string; at: string }>;
}

const statusesOf = async (orderIds: string[], withHistory: boolean): Promise<Map<string, StoredOrder>> => {
  const statuses = new Map<string, StoredOrder>();
  for (let start = 0; start < orderIds.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = orderIds
      .slice(start, start + 100)
      .map((orderId) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }));
    while (keys && keys.length > 0) {
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await dynamodb.send(
        new BatchGetCommand({
          RequestItems: {
            'orders-local': {
              Keys: keys,
              ProjectionExpression: withHistory ? 'orderId, #s, createdAt, history' : 'orderId, #s',
              ExpressionAttributeNames: { '#s': 'status' },
            },
          },
        }),
      );
      for (const item of Responses?.['orders-local'] ?? []) statuses.set(item['orderId'] as string, item as StoredOrder);
      keys = UnprocessedKeys?.['orders-local']?.Keys;
    }
  }
  return statuses;
};

export interface Settlement {
  /** Milliseconds from `since` until the last order reached a final state; undefined if some never did. */
  msUntilFinal?: number;
  byStatus: Record<string, number>;
  notFinal: number;
  /** From each order's creation to the step that ended it, by the times in its history. */
  createdToFinalMs: Summary;
}

/** When an order reached its final state, by its history: milliseconds since the epoch. */
const endedAt = ({ history = [] }: StoredOrder): number | undefined => {
  const end = history.find((step) => finalStatuses.has(step.status));
  return end ? Date.parse(end.at) : undefined;
};

/**
 * Waits until every order is in a final state, or `timeoutMs` passes, and says how long it took
 * since `since` (Date.now() when the load began) and where each order ended. The times come from
 * the orders' own histories, so how often this looks does not change them; it reads only the
 * statuses of the orders still under way, so that watching adds as little load as it can to the
 * DynamoDB Local that the pipeline itself is waiting for.
 */
export const settle = async (orderIds: string[], since: number, timeoutMs = 180_000): Promise<Settlement> => {
  const deadline = performance.now() + timeoutMs;
  const pending = new Set(orderIds);
  while (pending.size > 0 && performance.now() < deadline) {
    for (const [orderId, { status }] of await statusesOf([...pending], false)) {
      if (finalStatuses.has(status)) pending.delete(orderId);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const statuses = await statusesOf(orderIds, true);
  const byStatus: Record<string, number> = {};
  for (const orderId of orderIds) {
    const status = statuses.get(orderId)?.status ?? 'NOT_FOUND';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const ends = [...statuses.values()].flatMap((order) => {
    const at = endedAt(order);
    return at === undefined ? [] : [{ at, createdAt: Date.parse(order.createdAt) }];
  });
  return {
    ...(pending.size === 0 && ends.length > 0 ? { msUntilFinal: Math.max(...ends.map(({ at }) => at)) - since } : {}),
    byStatus,
    notFinal: pending.size,
    createdToFinalMs: summarise(ends.map(({ at, createdAt }) => at - createdAt)),
  };
};

export const deadLetterCount = async (): Promise<number> => (await listDeadLetters()).length;
