import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Payment, PaymentStatus } from '../domain/payment.js';

export const paymentPartition = (orderId: string) => `PAYMENT#${orderId}`;
const paymentKey = (orderId: string) => ({ pk: paymentPartition(orderId), sk: 'PAYMENT' });
/** A webhook of the provider's, once it is acted on: its event id is recorded once, for good. */
const webhookKey = (eventId: string) => ({ pk: `WEBHOOK#${eventId}`, sk: 'WEBHOOK' });

export interface PaymentRepository {
  get(orderId: string): Promise<Payment | undefined>;
  /**
   * Writes the payment of an order, and the event that announces it into the outbox, in one
   * transaction: only if the payment is still in status `from` (`undefined`: there is none yet) and,
   * when `revision` is given, still at that revision (0: written before revisions, or never revised).
   * False when another delivery got there first.
   */
  save(
    payment: Payment,
    from: PaymentStatus | undefined,
    event?: OrderEvent,
    revision?: number,
    webhook?: WebhookRecord,
  ): Promise<boolean>;
  /** Whether the provider's event `eventId` was acted on already. */
  hasWebhook(eventId: string): Promise<boolean>;
  /** Records a webhook that changed no payment; false when it was recorded before. */
  recordWebhook(webhook: WebhookRecord): Promise<boolean>;
}

/** A provider's event as billing keeps it: its id, type and when it came. */
export interface WebhookRecord {
  eventId: string;
  type: string;
  orderId?: string;
  receivedAt: string;
}

const webhookPut = (tableName: string, webhook: WebhookRecord) => ({
  Put: {
    TableName: tableName,
    Item: { ...webhookKey(webhook.eventId), ...webhook },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export const createPaymentRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): PaymentRepository => ({
  get: (orderId) => getItem<Payment>(client, tableName, paymentKey(orderId)),
  hasWebhook: async (eventId) => (await getItem(client, tableName, webhookKey(eventId))) !== undefined,
  recordWebhook: async (webhook) => {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [webhookPut(tableName, webhook)] }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  save: async (payment, from, event, revision, webhook) => {
    const revisionCheck =
      revision === undefined
        ? {}
        : revision === 0
          ? { condition: ' AND attribute_not_exists(revision)', values: {} }
          : { condition: ' AND revision = :revision', values: { ':revision': revision } };
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...paymentKey(payment.orderId), ...payment },
                ...(from === undefined
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: `#status = :from${revisionCheck.condition ?? ''}`,
                      ExpressionAttributeNames: { '#status': 'status' },
                      ExpressionAttributeValues: { ':from': from, ...revisionCheck.values },
                    }),
              },
            },
            ...(event ? [outboxEntry(tableName, paymentPartition(payment.orderId), event)] : []),
            ...(webhook ? [webhookPut(tableName, webhook)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
});
