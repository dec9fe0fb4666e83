import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/** What the sandbox remembers of an idempotency key: in flight, failed in a way worth retrying, or done. */
export type KeyState =
  | { state: 'in_flight'; requestHash: string; failures: number }
  | { state: 'retryable'; requestHash: string; failures: number }
  | { state: 'done'; requestHash: string; response: StoredResponse };

export interface Store {
  getKey(key: string): Promise<KeyState | undefined>;
  /** Claims a key for one request; false when another request holds it or it is already done. */
  claimKey(key: string, requestHash: string, failures: number): Promise<boolean>;
  settleKey(key: string, state: KeyState): Promise<void>;
  getObject<T>(id: string): Promise<T | undefined>;
  putObject(id: string, object: object): Promise<void>;
  listObjects<T>(prefix: string): Promise<T[]>;
  /** Keeps something to do at `dueAt` (milliseconds): a webhook to send, a debit to settle. */
  putTask(id: string, dueAt: number, task: object): Promise<void>;
  /** Takes the tasks under `prefix` that are due: each is taken by one caller only, and is gone then. */
  takeDueTasks<T>(prefix: string, now: number): Promise<T[]>;
}

export const createStore = (tableName: string, client = DynamoDBDocumentClient.from(new DynamoDBClient({}))): Store => {
  const get = async <T>(pk: string): Promise<T | undefined> =>
    (await client.send(new GetCommand({ TableName: tableName, Key: { pk }, ConsistentRead: true }))).Item as T | undefined;
  const put = async (pk: string, item: object) => {
    await client.send(new PutCommand({ TableName: tableName, Item: { pk, ...item } }));
  };
  const scan = async (prefix: string, filter = '', values: Record<string, unknown> = {}) => {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          FilterExpression: `begins_with(pk, :prefix)${filter}`,
          ExpressionAttributeValues: { ':prefix': prefix, ...values },
          ExclusiveStartKey,
        }),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  };
  return {
    getKey: (key: string) => get<KeyState>(`IDEMPOTENCY#${key}`),
    claimKey: async (key: string, requestHash: string, failures: number): Promise<boolean> => {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: `IDEMPOTENCY#${key}`, state: 'in_flight', requestHash, failures },
            ConditionExpression: 'attribute_not_exists(pk) OR #state = :retryable',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':retryable': 'retryable' },
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    settleKey: (key: string, state: KeyState) => put(`IDEMPOTENCY#${key}`, state),
    getObject: <T>(id: string) => get<T>(`OBJECT#${id}`),
    putObject: (id: string, object: object) => put(`OBJECT#${id}`, { object }),
    listObjects: async <T>(prefix: string): Promise<T[]> => (await scan(`OBJECT#${prefix}`)).map((item) => item['object'] as T),
    putTask: (id: string, dueAt: number, task: object) => put(`TASK#${id}`, { dueAt, task }),
    takeDueTasks: async <T>(prefix: string, now: number): Promise<T[]> => {
      const due = await scan(`TASK#${prefix}`, ' AND dueAt <= :now', { ':now': now });
      const taken = await Promise.all(
        due.map(async (item) => {
          try {
            await client.send(
              new DeleteCommand({ TableName: tableName, Key: { pk: item['pk'] }, ConditionExpression: 'attribute_exists(pk)' }),
            );
            return [item['task'] as T];
          } catch (error) {
            if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return [];
            throw error;
          }
        }),
      );
      return taken.flat();
    },
  };
};
