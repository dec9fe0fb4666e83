import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';

// Tries to delete the tables themselves: never against a deployed stage, whose data is real.
needs('tables');

const dynamodb = new DynamoDBClient({});

// The local cloud creates each table from its service's resources, as @ecommerce/data-retention
// leaves them, and DynamoDB Local honours deletion protection as AWS does.
describe('the tables that hold orders, invoices, payments and shipments', () => {
  it.each(['orders-local', 'invoice-local', 'billing-local', 'shipment-local'])(
    '%s is protected from deletion: DeleteTable is refused',
    async (TableName) => {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName }));

      expect(Table?.DeletionProtectionEnabled).toBe(true);
      await expect(dynamodb.send(new DeleteTableCommand({ TableName }))).rejects.toThrow('protected against deletion');
    },
  );
});
