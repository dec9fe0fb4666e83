import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import LocalCloudPlugin from '../serverless-plugin.mjs';

const dynamodb = new DynamoDBClient({});

const pluginFor = (stage: string, Resources: Record<string, unknown>) =>
  new LocalCloudPlugin(
    { service: { provider: { stage }, resources: { Resources } }, configSchemaHandler: { validateConfig: async () => {} } },
    { stage },
    { log: { notice: () => {} } },
  );

const tableResource = (TableName: string) => ({
  Type: 'AWS::DynamoDB::Table',
  Properties: {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'customerId', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byCustomer',
        KeySchema: [{ AttributeName: 'customerId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  },
});

describe('the local-cloud serverless plugin', () => {
  it("creates a service's tables in DynamoDB Local from its own resources, indexes and TTL included", async () => {
    const TableName = `plugin-test-${randomUUID()}`;

    await pluginFor('local', { OrdersTable: tableResource(TableName) }).provision();

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byCustomer']);
    const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('protects a table from deletion as its resource says, as AWS does', async () => {
    const TableName = `plugin-test-${randomUUID()}`;
    const resource = tableResource(TableName);

    await pluginFor('local', {
      OrdersTable: { ...resource, Properties: { ...resource.Properties, DeletionProtectionEnabled: true } },
    }).provision();

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName }));
    expect(Table?.DeletionProtectionEnabled).toBe(true);
    await expect(dynamodb.send(new DeleteTableCommand({ TableName }))).rejects.toThrow('protected against deletion');
  });

  it('keeps a table that already exists, so a restart loses no data', async () => {
    const TableName = `plugin-test-${randomUUID()}`;
    const plugin = pluginFor('local', { OrdersTable: tableResource(TableName) });
    await plugin.provision();

    await expect(plugin.provision()).resolves.toBeUndefined();
  });

  it('refuses to run on any stage but local', async () => {
    await expect(pluginFor('prod', {}).provision()).rejects.toThrow('the local cloud runs only with --stage local (got prod)');
  });
});
