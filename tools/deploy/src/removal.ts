import { DeleteTableCommand, UpdateTableCommand, waitUntilTableNotExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { relative } from 'node:path';
import type { Command, PackagedService } from './packaged.js';
import type { StagePlan } from './plan.js';
import { commandsToDelete, retainedTables, tableExists, type RetainedTable } from './retained-tables.js';

/** What becomes of the retained tables when their stacks go: nothing until the deployer says. */
export type RetainedData = 'undecided' | 'keep' | 'delete';

export interface RemovalInput {
  stage: string;
  region: string;
  repositoryRoot: string;
  stacks: PackagedService[];
  plan: StagePlan;
  data: RetainedData;
  dryRun: boolean;
  /** No AWS call: which retained tables exist is not looked up. */
  offline: boolean;
  removeCommand(service: string): Command;
}

export interface RemovalTools {
  run(command: Command): Promise<number>;
  dynamodb: DynamoDBClient;
  log(line: string): void;
}

const deleteTable = async (dynamodb: DynamoDBClient, tableName: string): Promise<void> => {
  await dynamodb.send(new UpdateTableCommand({ TableName: tableName, DeletionProtectionEnabled: false }));
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName }));
  await waitUntilTableNotExists({ client: dynamodb, maxWaitTime: 600 }, { TableName: tableName });
};

const describeKept = (tables: RetainedTable[], { stage, region }: RemovalInput): string[] => [
  `Kept, and owned by no stack now: ${tables.map(({ tableName }) => tableName).join(', ')}.`,
  `  To deploy the stage again with this data: pnpm run deploy --stage ${stage} --region ${region} --adopt-tables`,
  '  To delete a table and its data for good:',
  ...tables.flatMap(({ tableName }) => commandsToDelete(tableName, region).map((command) => `    ${command}`)),
];

/**
 * `pnpm run deploy --remove`: removes the stage's stacks in the reverse of the deploy order (a
 * stack goes only once nothing that imports its exports is left), the services of a wave at once.
 * Tables that hold business data are retained when their stack goes, so before anything is
 * removed the deployer must choose: keep them (they stay, owned by no stack, and block a new
 * deploy until adopted) or delete them (deletion protection off, then the table), never on prod
 * from here. Its exit code.
 */
export const removeStage = async (input: RemovalInput, tools: RemovalTools): Promise<number> => {
  const { stage, region, repositoryRoot, plan, data } = input;
  const waves = [...plan.waves].reverse();
  const retained = retainedTables(input.stacks);

  tools.log(`\nRemoving stage ${stage} from ${region} in this order, the reverse of its deploy:`);
  waves.forEach((wave, index) => {
    tools.log(`  ${index + 1}. ${wave.join(', ')}${wave.length > 1 ? ', at once' : ''}`);
    for (const service of wave) {
      const { cwd, args } = input.removeCommand(service);
      tools.log(`       cd ${relative(repositoryRoot, cwd)} && ${args.join(' ')}`);
    }
  });

  if (data === 'delete' && stage === 'prod') {
    tools.log(
      '\n--delete-data is refused on prod: its orders, invoices, payments and shipments are kept for years. ' +
        'Remove with --keep-data: it prints the commands that delete each table, for whoever must.',
    );
    return 1;
  }

  const existing = input.offline
    ? retained
    : (
        await Promise.all(retained.map(async (table) => ((await tableExists(tools.dynamodb, table.tableName)) ? [table] : [])))
      ).flat();
  const names = existing.map(({ tableName }) => tableName).join(', ');
  if (existing.length > 0) {
    tools.log(`Retained tables ${input.offline ? '(offline: whether they exist was not looked up)' : 'that exist'}: ${names}.`);
    if (data === 'keep') tools.log('With --keep-data they stay, with their data, owned by no stack.');
    if (data === 'delete')
      tools.log('With --delete-data their deletion protection goes off and they are deleted, with their data.');
    if (data === 'undecided') tools.log('Removing the stage needs --keep-data or --delete-data for them.');
  }
  if (input.dryRun || input.offline) return 0;

  if (existing.length > 0 && data === 'undecided') {
    tools.log(
      `\nNothing removed: ${names} hold(s) the stage's business data, and their stacks would leave them behind, ` +
        'holding their names, so that the stage could not be deployed again as it was. Choose:\n' +
        `  --keep-data    remove the stacks, keep the tables (deploy again later with --adopt-tables)\n` +
        `  --delete-data  remove the stacks, then delete the tables and all their data (never on prod)`,
    );
    return 1;
  }

  for (const wave of waves) {
    const codes = await Promise.all(wave.map((service) => tools.run(input.removeCommand(service))));
    const failed = wave.filter((_, index) => codes[index] !== 0);
    if (failed.length > 0) {
      tools.log(`\n${failed.join(', ')} could not be removed; what it depends on is still there.`);
      return 1;
    }
  }

  if (data === 'delete') {
    for (const { tableName } of existing) {
      await deleteTable(tools.dynamodb, tableName);
      tools.log(`Deleted ${tableName}.`);
    }
  } else if (existing.length > 0) {
    for (const line of describeKept(existing, input)) tools.log(line);
  }
  tools.log(`\nStage ${stage} is removed.`);
  return 0;
};
