import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, isConditionFailure } from '@ecommerce/lambda-kit';
import type { OrderCopy } from '../domain/order-summary.js';
import { keptSummaryUpdate, orderKey, summaryIn, type StoredCopy } from './order-summaries.js';

/** What a delivery learns when it asks to send the email of an event. */
type Lease =
  /** Sent already, or another delivery is sending it. */
  | { leased: false }
  /** This delivery may send it; `summary` is what email keeps of the order, undefined while it keeps nothing. */
  | { leased: true; summary: OrderCopy | undefined };

/**
 * One email per event: a delivery leases the event's email before it sends it, and marks it sent
 * after. A lease left by a delivery that died between the two runs out, so that the email is sent
 * after all. The lease lives on the item of the order's summary (`mail#<event id>`: the time it was
 * taken while sending, the SES message id once sent), so that the one conditional write that takes
 * it also answers the summary, and, for ORDER_CREATED, keeps the summary the event carries: an
 * email costs two writes and no read.
 */
export interface EmailLeases {
  /** Leases the email of `eventId`, and keeps `keep` as the order's summary in the same write unless one is kept. */
  lease(orderId: string, eventId: string, now: Date, keep?: { summary: OrderCopy; asOf: Date }): Promise<Lease>;
  markSent(orderId: string, eventId: string, messageId: string): Promise<void>;
  /** Gives the lease back after a failed send, so that the retry may take it. */
  release(orderId: string, eventId: string): Promise<void>;
}

const leaseLifetimeMs = 60_000;
const mailAttribute = (eventId: string) => `mail#${eventId}`;

export const createEmailLeases = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): EmailLeases => ({
  lease: async (orderId, eventId, now, keep) => {
    const summary = keptSummaryUpdate(keep, now);
    try {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: orderKey(orderId),
          UpdateExpression: `SET #mail = :now, ${summary.assignments}`,
          // Never leased, or leased by a delivery that has not finished in time; never once sent (a string).
          ConditionExpression: 'attribute_not_exists(#mail) OR (attribute_type(#mail, :number) AND #mail < :stale)',
          ExpressionAttributeNames: { '#mail': mailAttribute(eventId), ...summary.names },
          ExpressionAttributeValues: {
            ':now': now.getTime(),
            ':number': 'N',
            ':stale': now.getTime() - leaseLifetimeMs,
            ...summary.values,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { leased: true, summary: summaryIn(Attributes as StoredCopy | undefined) };
    } catch (error) {
      if (isConditionFailure(error)) return { leased: false };
      throw error;
    }
  },
  markSent: async (orderId, eventId, messageId) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: orderKey(orderId),
        UpdateExpression: 'SET #mail = :messageId',
        ExpressionAttributeNames: { '#mail': mailAttribute(eventId) },
        ExpressionAttributeValues: { ':messageId': messageId },
      }),
    );
  },
  release: async (orderId, eventId) => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: orderKey(orderId),
          UpdateExpression: 'REMOVE #mail',
          // Only a lease: an email marked sent stays so.
          ConditionExpression: 'attribute_type(#mail, :number)',
          ExpressionAttributeNames: { '#mail': mailAttribute(eventId) },
          ExpressionAttributeValues: { ':number': 'N' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  },
});
