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

const statusesOf = async (orderIds: string[]): Promise<Map<string, StoredOrder>> => {
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
              ProjectionExpression: 'orderId, #s, createdAt, history',
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
  /** Seconds from `since` until the last order reached a final state; undefined if some never did. */
  secondsUntilFinal?: number;
  byStatus: Record<string, number>;
  notFinal: number;
  /** From each order's creation to the step that ended it, by the times in its history. */
  createdToFinalMs: Summary;
}

/**
 * Waits until every order is in a final state, or `timeoutMs` passes, and says how long it took
 * since `since` (performance.now() when the load began) and where each order ended.
 */
export const settle = async (orderIds: string[], since: number, timeoutMs = 180_000): Promise<Settlement> => {
  const deadline = performance.now() + timeoutMs;
  let statuses = new Map<string, StoredOrder>();
  for (;;) {
    statuses = await statusesOf(orderIds);
    const pending = orderIds.filter((orderId) => !finalStatuses.has(statuses.get(orderId)?.status ?? ''));
    if (pending.length === 0 || performance.now() > deadline) {
      const byStatus: Record<string, number> = {};
      for (const orderId of orderIds) {
        const status = statuses.get(orderId)?.status ?? 'NOT_FOUND';
        byStatus[status] = (byStatus[status] ?? 0) + 1;
      }
      return {
        ...(pending.length === 0 ? { secondsUntilFinal: Math.round((performance.now() - since) / 100) / 10 } : {}),
        byStatus,
        notFinal: pending.length,
        createdToFinalMs: summarise(
          [...statuses.values()].flatMap(({ createdAt, history = [] }) => {
            const end = history.find((step) => finalStatuses.has(step.status));
            return end ? [Date.parse(end.at) - Date.parse(createdAt)] : [];
          }),
        ),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

export const deadLetterCount = async (): Promise<number> => (await listDeadLetters()).length;
