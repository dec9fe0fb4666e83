import { isConditionFailure } from '@ecommerce/lambda-kit';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { inFlightLeaseMs, keyLifetimeSeconds, type StoredResponse } from '../domain/idempotency.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in-flight' }
  | { outcome: 'other-request' };

export interface IdempotencyStore {
  /** Takes the key for this request, or says why not: its answer is known, it is in flight, or it was used for another body. */
  claim(digest: string, fingerprint: string, now: Date): Promise<Claim>;
  /** The write that records the response, to go in the same transaction as the change the request made. */
  completion(digest: string, fingerprint: string, response: StoredResponse): TransactItem;
  /** Records the response of a request that changed nothing (a rejection). */
  complete(digest: string, fingerprint: string, response: StoredResponse): Promise<void>;
  /** Gives the key back after a failure worth retrying, so that the retry runs. */
  release(digest: string): Promise<void>;
}

const keyOf = (digest: string) => ({ pk: `IDEMPOTENCY#${digest}`, sk: 'IDEMPOTENCY' });

export const createIdempotencyStore = ({
  tableName,
  client,
}: {
  tableName: string;
  client: DynamoDBDocumentClient;
}): IdempotencyStore => {
  const doneItem = (digest: string, fingerprint: string, response: StoredResponse) => ({
    ...keyOf(digest),
    state: 'done',
    fingerprint,
    response,
    expiresAt: Math.floor(Date.now() / 1000) + keyLifetimeSeconds,
  });
  return {
    claim: async (digest, fingerprint, now) => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keyOf(digest),
              state: 'in_flight',
              fingerprint,
              lockedUntil: now.getTime() + inFlightLeaseMs,
              expiresAt: Math.floor(now.getTime() / 1000) + keyLifetimeSeconds,
            },
            // Free, expired (TTL deletes late), or held by a request of the same body that died.
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#state = :inFlight AND lockedUntil < :now AND fingerprint = :fingerprint)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':nowSeconds': Math.floor(now.getTime() / 1000),
              ':inFlight': 'in_flight',
              ':now': now.getTime(),
              ':fingerprint': fingerprint,
            },
          }),
        );
        return { outcome: 'claimed' };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keyOf(digest), ConsistentRead: true }));
      if (!Item) return { outcome: 'in-flight' };
      if (Item['fingerprint'] !== fingerprint) return { outcome: 'other-request' };
      if (Item['state'] === 'done') return { outcome: 'replay', response: Item['response'] as StoredResponse };
      return { outcome: 'in-flight' };
    },
    completion: (digest, fingerprint, response) => ({
      Put: {
        TableName: tableName,
        Item: doneItem(digest, fingerprint, response),
        ConditionExpression: '#state = :inFlight AND fingerprint = :fingerprint',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':inFlight': 'in_flight', ':fingerprint': fingerprint },
      },
    }),
    complete: async (digest, fingerprint, response) => {
      await client.send(new PutCommand({ TableName: tableName, Item: doneItem(digest, fingerprint, response) }));
    },
    release: async (digest) => {
      try {
        // Only a key still in flight: one whose answer was recorded (the order was stored) stays.
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: keyOf(digest),
            ConditionExpression: '#state = :inFlight',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':inFlight': 'in_flight' },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
};
