import { describe, expect, it } from 'vitest';
import { toCreateTableInput } from '../../serverless-plugin.mjs';

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
