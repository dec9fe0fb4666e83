import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Shipment } from '../domain/shipment.js';

export const shipmentPartition = (orderId: string) => `SHIPMENT#${orderId}`;
const shipmentKey = (orderId: string) => ({ pk: shipmentPartition(orderId), sk: 'SHIPMENT' });

export interface ShipmentRepository {
  get(orderId: string): Promise<Shipment | undefined>;
  /** Stores the order's one shipment with its event in the outbox; false if it already has one. */
  create(shipment: Shipment, event: OrderEvent): Promise<boolean>;
}

export const createDocumentClient = () =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

export const createShipmentRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): ShipmentRepository => ({
  get: async (orderId) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: shipmentKey(orderId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...shipment } = Item;
    return shipment as Shipment;
  },
  create: async (shipment, event) => {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...shipmentKey(shipment.orderId), ...shipment },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            outboxEntry(tableName, shipmentPartition(shipment.orderId), event),
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException') return false;
      throw error;
    }
  },
});
