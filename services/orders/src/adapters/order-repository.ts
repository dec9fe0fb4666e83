import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { StoredOrder } from '../domain/order.js';

export interface OrderRepository {
  /**
   * Stores a new order together with the event that announces it, in one transaction: the event
   * waits in the order's outbox until it has been published, so neither exists without the other.
   */
  create(order: StoredOrder, event: OrderEvent): Promise<void>;
  get(orderId: string): Promise<StoredOrder | undefined>;
  /** Clears an event from the outbox once SNS has accepted it. */
  markPublished(event: OrderEvent): Promise<void>;
}

const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
const outboxKey = (event: OrderEvent) => ({ pk: `ORDER#${event.orderId}`, sk: `OUTBOX#${event.id}` });

export const createOrderRepository = ({
  tableName,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): OrderRepository => ({
  create: async (order, event) => {
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
          { Put: { TableName: tableName, Item: { ...outboxKey(event), event, createdAt: event.time } } },
        ],
      }),
    );
  },
  get: async (orderId) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: orderKey(orderId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...order } = Item;
    return order as StoredOrder;
  },
  markPublished: async (event) => {
    await client.send(new DeleteCommand({ TableName: tableName, Key: outboxKey(event) }));
  },
});
