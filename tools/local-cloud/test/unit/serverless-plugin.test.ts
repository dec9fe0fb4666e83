import { describe, expect, it, vi } from 'vitest';
import LocalCloudPlugin, { toCreateTableInput } from '../../serverless-plugin.mjs';

describe('toCreateTableInput', () => {
  it('keeps what DynamoDB Local understands and drops what only CloudFormation does', () => {
    const input = toCreateTableInput({
      TableName: 'orders-local',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
      Tags: [{ Key: 'service', Value: 'orders' }],
    });

    expect(input).toEqual({
      TableName: 'orders-local',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      DeletionProtectionEnabled: true,
    });
  });
});

describe('LocalCloudPlugin', () => {
  const frameworkWithSchemaCheck = () => {
    const validateConfig = vi.fn(async () => {});
    return { validateConfig, serverless: { configSchemaHandler: { validateConfig } } };
  };
  const utils = { log: { notice: () => {} } };

  it('skips the schema check of serverless.yml on the local stage, which `sls package` still makes', async () => {
    const { validateConfig, serverless } = frameworkWithSchemaCheck();

    new LocalCloudPlugin(serverless, { stage: 'local' }, utils);
    await serverless.configSchemaHandler.validateConfig();

    expect(validateConfig).not.toHaveBeenCalled();
  });

  it('leaves the schema check to the framework on every other stage', async () => {
    const { validateConfig, serverless } = frameworkWithSchemaCheck();

    new LocalCloudPlugin(serverless, { stage: 'dev' }, utils);
    await serverless.configSchemaHandler.validateConfig();

    expect(validateConfig).toHaveBeenCalledOnce();
  });
});
