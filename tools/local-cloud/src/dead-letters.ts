import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { deadLetterTable, invokeFunction } from '../subscriptions.mjs';
import { localCloud, localCloudEnv } from './endpoints.js';

export interface DeadLetter {
  pk: string;
  service: string;
  function: string;
  invokeUrl: string;
  eventId?: string;
  eventType?: string;
  orderId?: string;
  attempts: number;
  error: string;
  firstFailedAt: string;
  lastFailedAt: string;
  event: object;
}

const documents = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: localCloud.dynamodb.url,
      region: localCloud.region,
      credentials: { accessKeyId: localCloudEnv.AWS_ACCESS_KEY_ID, secretAccessKey: localCloudEnv.AWS_SECRET_ACCESS_KEY },
    }),
  );

/** Every event that a function of the local cloud failed on after all its retries, oldest first. */
export const listDeadLetters = async (): Promise<DeadLetter[]> => {
  const client = documents();
  const letters: DeadLetter[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(new ScanCommand({ TableName: deadLetterTable, ExclusiveStartKey }));
      letters.push(...((page.Items ?? []) as DeadLetter[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } catch (error) {
    // No subscriber has started yet, so there is no store and nothing in it.
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return [];
    throw error;
  }
  return letters.sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt));
};

/**
 * Hands a dead-lettered event to its function once more, as a redrive from an SQS dead-letter
 * queue does: gone from the store if the function now succeeds, kept with one more attempt if not.
 */
export const redriveDeadLetter = async (letter: DeadLetter): Promise<{ ok: boolean; error?: string }> => {
  const client = documents();
  const outcome = await invokeFunction(letter.invokeUrl, letter.event);
  if (outcome.ok) {
    await client.send(new DeleteCommand({ TableName: deadLetterTable, Key: { pk: letter.pk } }));
  } else {
    await client.send(
      new PutCommand({
        TableName: deadLetterTable,
        Item: { ...letter, attempts: letter.attempts + 1, error: outcome.error, lastFailedAt: new Date().toISOString() },
      }),
    );
  }
  return outcome;
};
