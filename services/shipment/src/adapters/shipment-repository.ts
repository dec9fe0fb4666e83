import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Shipment } from '../domain/shipment.js';

export const shipmentPartition = (orderId: string) => `SHIPMENT#${orderId}`;
const shipmentKey = (orderId: string) => ({ pk: shipmentPartition(orderId), sk: 'SHIPMENT' });
const webhookKey = (orderId: string, webhookId: string) => ({ pk: shipmentPartition(orderId), sk: `WEBHOOK#${webhookId}` });

/** Which item of a cancelled transaction failed its condition, by its place in TransactItems. */
const failedConditions = (error: unknown): number[] | undefined => {
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  if (name !== 'TransactionCanceledException' || !isConditionFailure(error)) return undefined;
  return (CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
};

export interface ShipmentRepository {
  get(orderId: string): Promise<Shipment | undefined>;
  /** Stores the order's one shipment with its event in the outbox; false if it already has one. */
  create(shipment: Shipment, event: OrderEvent): Promise<boolean>;
  /** Writes a changed shipment only if its status is still `from`; false if it changed meanwhile. */
  update(shipment: Shipment, from: Shipment['status']): Promise<boolean>;
  /**
   * Records a carrier webhook by its id, once, in one transaction with what it changes: the
   * shipment (only if its status is still `from`) and the event in the outbox. `duplicate` when the
   * id was recorded before (nothing written); `conflict` when the shipment changed meanwhile (read
   * it again).
   */
  recordWebhook(change: WebhookChange): Promise<'recorded' | 'duplicate' | 'conflict'>;
}

interface WebhookChange {
  orderId: string;
  webhookId: string;
  receivedAt: string;
  shipment?: { next: Shipment; from: Shipment['status'] };
  event?: OrderEvent;
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
  recordWebhook: async ({ orderId, webhookId, receivedAt, shipment, event }) => {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...webhookKey(orderId, webhookId), receivedAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(shipment
              ? [
                  {
                    Put: {
                      TableName: tableName,
                      Item: { ...shipmentKey(orderId), ...shipment.next },
                      ConditionExpression: '#status = :from',
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: { ':from': shipment.from },
                    },
                  },
                ]
              : []),
            ...(event ? [outboxEntry(tableName, shipmentPartition(orderId), event)] : []),
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      const failed = failedConditions(error);
      if (!failed) throw error;
      return failed.includes(0) ? 'duplicate' : 'conflict';
    }
  },
});
