import { isConditionFailure } from '@ecommerce/lambda-kit';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

/**
 * One email per event: a delivery claims the event before it sends, and marks it sent after. A
 * claim left by a delivery that died between the two expires, so that its email is sent after all.
 */
export interface SentEmails {
  /** True if this delivery may send the email of `eventId`; false if it was sent or another delivery is sending it. */
  claim(eventId: string, now: Date): Promise<boolean>;
  markSent(eventId: string, messageId: string, now: Date): Promise<void>;
  /** Gives the claim back after a failed send, so that the retry may claim it. */
  release(eventId: string): Promise<void>;
}

const claimLifetimeMs = 60_000;
const key = (eventId: string) => ({ pk: `EMAIL#${eventId}` });

export const createSentEmails = ({
  tableName,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({})),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): SentEmails => ({
  claim: async (eventId, now) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...key(eventId),
            status: 'sending',
            claimedAt: now.getTime(),
            expiresAt: Math.floor(now.getTime() / 1000) + 90 * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :sending AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': now.getTime() - claimLifetimeMs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
  markSent: async (eventId, messageId, now) => {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key(eventId),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':now': now.toISOString() },
      }),
    );
  },
  release: async (eventId) => {
    await client.send(new DeleteCommand({ TableName: tableName, Key: key(eventId) }));
  },
});
