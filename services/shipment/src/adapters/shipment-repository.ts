import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Shipment } from '../domain/shipment.js';

export const shipmentPartition = (orderId: string) => `SHIPMENT#${orderId}`;
const shipmentKey = (orderId: string) => ({ pk: shipmentPartition(orderId), sk: 'SHIPMENT' });

export interface ShipmentRepository {
  get(orderId: string): Promise<Shipment | undefined>;
  /** Stores the order's one shipment with its event in the outbox; false if it already has one. */
  create(shipment: Shipment, event: OrderEvent): Promise<boolean>;
  /** Writes a changed shipment only if its status is still `from`; false if it changed meanwhile. */
  update(shipment: Shipment, from: Shipment['status']): Promise<boolean>;
}

export const createShipmentRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): ShipmentRepository => ({
  get: (orderId) => getItem<Shipment>(client, tableName, shipmentKey(orderId)),
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
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  update: async (shipment, from) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...shipmentKey(shipment.orderId), ...shipment },
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':from': from },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});
