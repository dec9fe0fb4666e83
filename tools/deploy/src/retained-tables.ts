import { DescribeStackResourceCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PackagedService } from './packaged.js';

/** A table that stays in the account when its stack is removed (`DeletionPolicy: Retain`). */
export interface RetainedTable {
  service: string;
  stackName: string;
  logicalId: string;
  tableName: string;
}

/** Every retained table of the stage's packaged templates (@ecommerce/data-retention puts the policy there). */
export const retainedTables = (stacks: PackagedService[]): RetainedTable[] =>
  stacks.flatMap(({ service, stackName, template }) =>
    Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
      const tableName = resource.Properties?.['TableName'];
      return resource.Type === 'AWS::DynamoDB::Table' && resource.DeletionPolicy === 'Retain' && typeof tableName === 'string'
        ? [{ service, stackName, logicalId, tableName }]
        : [];
    }),
  );

const errorName = (error: unknown) => (error as { name?: string }).name;

export const tableExists = async (dynamodb: DynamoDBClient, tableName: string): Promise<boolean> => {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return false;
    throw error;
  }
};

/**
 * Whether the table's stack holds it: CloudFormation answers ValidationError both when the stack
 * does not exist and when it has no such resource.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResource.html
 */
export const ownedByItsStack = async (cloudformation: CloudFormationClient, table: RetainedTable): Promise<boolean> => {
  try {
    const { StackResourceDetail } = await cloudformation.send(
      new DescribeStackResourceCommand({ StackName: table.stackName, LogicalResourceId: table.logicalId }),
    );
    return StackResourceDetail?.PhysicalResourceId === table.tableName;
  } catch (error) {
    if (errorName(error) === 'ValidationError') return false;
    throw error;
  }
};

/** The AWS CLI commands that delete a retained table on purpose: deletion protection off, then the table. */
export const commandsToDelete = (tableName: string, region: string): string[] => [
  `aws dynamodb update-table --region ${region} --table-name ${tableName} --no-deletion-protection-enabled`,
  `aws dynamodb delete-table --region ${region} --table-name ${tableName}`,
];
