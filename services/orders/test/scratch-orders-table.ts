import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A table of one test's own, shaped as orders-local (its keys and indexes) but with no stream: the
 * orders and outbox entries the test writes are never published by the running local cloud's
 * stream relay, so the pipeline does not move them while the test does.
 */
export const scratchOrdersTable = async () => {
  const dynamodb = new DynamoDBClient({});
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'orders-local' }));
  const tableName = `orders-test-${randomUUID()}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: Table?.KeySchema,
      AttributeDefinitions: Table?.AttributeDefinitions,
      GlobalSecondaryIndexes: Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      })),
    }),
  );
  return { tableName, drop: async () => void (await dynamodb.send(new DeleteTableCommand({ TableName: tableName }))) };
};
