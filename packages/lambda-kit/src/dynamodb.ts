import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** The document client every repository uses: built once per cold start, dropping undefined fields. */
export const createDocumentClient = (): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

/** Reads one item strongly consistent, without the table's own keys (`pk`, `sk`). */
export const getItem = async <T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  key: Record<string, string>,
): Promise<T | undefined> => {
  const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, ...rest } = Item;
  return rest as T;
};

/**
 * A write refused by its condition, and by nothing else: someone else wrote first. A transaction
 * cancelled for another reason as well (throttling, a conflicting transaction) is not one: it must
 * be retried, not taken for an answer.
 */
export const isConditionFailure = (error: unknown): boolean => {
  const { name, CancellationReasons } = error as { name?: string; CancellationReasons?: Array<{ Code?: string }> };
  if (name === 'ConditionalCheckFailedException') return true;
  if (name !== 'TransactionCanceledException' || !CancellationReasons) return false;
  const codes = CancellationReasons.map((reason) => reason.Code ?? 'None');
  return codes.includes('ConditionalCheckFailed') && codes.every((code) => code === 'None' || code === 'ConditionalCheckFailed');
};
