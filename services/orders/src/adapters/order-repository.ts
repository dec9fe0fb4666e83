import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
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
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The partition of an order: the order item and its outbox entries. */
export const orderPartition = (orderId: string) => `ORDER#${orderId}`;
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
              Item: { ...orderKey(order.orderId), ...order },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          outboxEntry(tableName, orderPartition(order.orderId), event),
          ...alsoWrite,
        ],
      }),
    );
  },
  get: (orderId) => getItem<StoredOrder>(client, tableName, orderKey(orderId)),
  update: async (order, expectedVersion, event) => {
    const put = {
      TableName: tableName,
      Item: { ...orderKey(order.orderId), ...order },
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
