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

/** A write refused by its condition: someone else wrote first. */
export const isConditionFailure = (error: unknown): boolean =>
  ['ConditionalCheckFailedException', 'TransactionCanceledException'].includes((error as { name?: string }).name ?? '');
