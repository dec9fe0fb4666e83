import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackImportComplete,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import type { PackagedService } from './packaged.js';
import type { RetainedTable } from './retained-tables.js';

/** A stack's create, import or change set waits at most this long: a table import takes minutes. */
const maxWaitTime = 1800;

const stackExists = async (cloudformation: CloudFormationClient, stackName: string): Promise<boolean> => {
  try {
    await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ValidationError') return false;
    throw error;
  }
};

/**
 * Imports tables kept by an earlier removal into their service's stack, so that the deploy that
 * follows updates them instead of failing to create them. An import may add nothing but the
 * imported resources, so a stack that is gone is first created as `sls deploy` creates it (its
 * deployment bucket only), then the tables are imported into the stack's current template, each
 * as the packaged template declares it (with its DeletionPolicy, which an import requires).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import-existing-stack.html
 */
export const adoptTables = async (
  cloudformation: CloudFormationClient,
  packages: PackagedService[],
  tables: RetainedTable[],
  log: (line: string) => void,
): Promise<void> => {
  for (const stack of packages) {
    const own = tables.filter(({ service }) => service === stack.service);
    if (own.length === 0) continue;
    const waiting = { client: cloudformation, maxWaitTime };
    if (!(await stackExists(cloudformation, stack.stackName))) {
      log(
        `Creating ${stack.stackName} with its deployment bucket, to import ${own.map(({ tableName }) => tableName).join(', ')} into...`,
      );
      await cloudformation.send(
        new CreateStackCommand({ StackName: stack.stackName, TemplateBody: JSON.stringify(stack.coreTemplate) }),
      );
      await waitUntilStackCreateComplete(waiting, { StackName: stack.stackName });
    }
    const { TemplateBody } = await cloudformation.send(
      new GetTemplateCommand({ StackName: stack.stackName, TemplateStage: 'Original' }),
    );
    const current = JSON.parse(TemplateBody ?? '{}') as { Resources?: Record<string, unknown> };
    const template = {
      ...current,
      Resources: {
        ...current.Resources,
        ...Object.fromEntries(own.map(({ logicalId }) => [logicalId, stack.template.Resources[logicalId]])),
      },
    };
    const changeSetName = `adopt-tables-${Date.now()}`;
    log(`Importing ${own.map(({ tableName }) => tableName).join(', ')} into ${stack.stackName}...`);
    await cloudformation.send(
      new CreateChangeSetCommand({
        StackName: stack.stackName,
        ChangeSetName: changeSetName,
        ChangeSetType: 'IMPORT',
        TemplateBody: JSON.stringify(template),
        ResourcesToImport: own.map(({ logicalId, tableName }) => ({
          ResourceType: 'AWS::DynamoDB::Table',
          LogicalResourceId: logicalId,
          ResourceIdentifier: { TableName: tableName },
        })),
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      }),
    );
    await waitUntilChangeSetCreateComplete(waiting, { StackName: stack.stackName, ChangeSetName: changeSetName });
    await cloudformation.send(new ExecuteChangeSetCommand({ StackName: stack.stackName, ChangeSetName: changeSetName }));
    await waitUntilStackImportComplete(waiting, { StackName: stack.stackName });
    log(`${stack.stackName} owns ${own.map(({ tableName }) => tableName).join(', ')} again.`);
  }
};
