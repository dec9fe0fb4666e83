import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PackagedService } from '../src/packaged.js';
import { planStage } from '../src/plan.js';
import { removeStage } from '../src/removal.js';

// DynamoDB Local honours deletion protection as DynamoDB does: a removal that deletes the data
// must turn it off first, through the real SDK against a real table.
const dynamodb = new DynamoDBClient({});

const protectedTable = async () => {
  const TableName = `deploy-test-${randomUUID()}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      DeletionProtectionEnabled: true,
    }),
  );
  return TableName;
};

const stageWith = (tableName: string): PackagedService[] => [
  {
    service: 'orders',
    stackName: 'orders-it',
    seeds: [],
    coreTemplate: { Resources: {} },
    template: {
      Resources: {
        OrdersTable: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: { TableName: tableName } },
      },
    },
  },
];

const remove = async (tableName: string, data: 'undecided' | 'delete') => {
  const stacks = stageWith(tableName);
  const removed: string[] = [];
  const code = await removeStage(
    {
      stage: 'it',
      region: 'eu-west-1',
      repositoryRoot: '/repo',
      stacks,
      plan: planStage(stacks, 'it'),
      data,
      dryRun: false,
      offline: false,
      removeCommand: (service) => ({ label: service, cwd: `/repo/services/${service}`, args: ['sls', 'remove'] }),
    },
    { run: async ({ label }) => (removed.push(label), 0), dynamodb, log: () => {} },
  );
  return { code, removed };
};

const exists = (TableName: string) =>
  dynamodb.send(new DescribeTableCommand({ TableName })).then(
    () => true,
    (error: { name?: string }) => (error.name === 'ResourceNotFoundException' ? false : Promise.reject(error)),
  );

describe('pnpm run deploy --remove against DynamoDB Local', () => {
  it('refuses while a protected retained table exists, and leaves it', async () => {
    const tableName = await protectedTable();

    const { code, removed } = await remove(tableName, 'undecided');

    expect(code).toBe(1);
    expect(removed).toEqual([]);
    expect(await exists(tableName)).toBe(true);
  });

  it('with --delete-data, turns deletion protection off and deletes the table once its stack is removed', async () => {
    const tableName = await protectedTable();

    const { code, removed } = await remove(tableName, 'delete');

    expect(code).toBe(0);
    expect(removed).toEqual(['orders']);
    expect(await exists(tableName)).toBe(false);
  });
});
