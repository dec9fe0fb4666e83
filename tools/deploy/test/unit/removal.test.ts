import {
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Command, PackagedService } from '../../src/deploy.js';
import { planStage } from '../../src/plan.js';
import { removeStage, type RemovalInput } from '../../src/removal.js';

const dynamodb = mockClient(DynamoDBClient);

const table = (tableName: string) => ({
  Type: 'AWS::DynamoDB::Table',
  DeletionPolicy: 'Retain',
  Properties: { TableName: tableName, DeletionProtectionEnabled: true },
});

/** platform exports, orders imports it and publishes a parameter that billing reads. */
const stacks: PackagedService[] = [
  {
    service: 'platform',
    stackName: 'platform-qa',
    seeds: [],
    coreTemplate: { Resources: {} },
    template: { Resources: {}, Outputs: { Topic: { Export: { Name: 'platform-qa-Topic' } } } },
  },
  {
    service: 'orders',
    stackName: 'orders-qa',
    seeds: [],
    coreTemplate: { Resources: {} },
    template: {
      Resources: {
        OrdersTable: table('orders-qa'),
        Url: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/ecommerce/qa/orders/api/url' } },
        F: { Type: 'AWS::Lambda::Function', Properties: { T: { 'Fn::ImportValue': 'platform-qa-Topic' } } },
      },
    },
  },
  {
    service: 'billing',
    stackName: 'billing-qa',
    seeds: [],
    coreTemplate: { Resources: {} },
    template: {
      Resources: {
        PaymentsTable: table('billing-qa'),
        F: { Type: 'AWS::Lambda::Function', Properties: { O: '{{resolve:ssm:/ecommerce/qa/orders/api/url}}' } },
      },
    },
  },
  {
    service: 'email',
    stackName: 'email-qa',
    seeds: [],
    coreTemplate: { Resources: {} },
    template: {
      Resources: {
        EmailsTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'email-qa' } },
        F: { Type: 'AWS::Lambda::Function', Properties: { O: '{{resolve:ssm:/ecommerce/qa/orders/api/url}}' } },
      },
    },
  },
];

const remove = async (overrides: Partial<RemovalInput> = {}, exitCode: (command: Command) => number = () => 0) => {
  const events: string[] = [];
  const lines: string[] = [];
  const code = await removeStage(
    {
      stage: 'qa',
      region: 'eu-west-1',
      repositoryRoot: '/repo',
      stacks,
      plan: planStage(stacks, overrides.stage ?? 'qa'),
      data: 'undecided',
      dryRun: false,
      offline: false,
      removeCommand: (service) => ({
        label: service,
        cwd: `/repo/services/${service}`,
        args: ['pnpm', 'exec', 'sls', 'remove', '--stage', 'qa', '--region', 'eu-west-1'],
      }),
      ...overrides,
    },
    {
      run: async (command) => {
        events.push(`start ${command.label}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${command.label}`);
        return exitCode(command);
      },
      dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
      log: (line) => lines.push(line),
    },
  );
  return {
    code,
    events,
    removed: events.filter((event) => event.startsWith('start ')).map((event) => event.slice(6)),
    output: lines.join('\n'),
  };
};

const gone = () => new ResourceNotFoundException({ message: 'not found', $metadata: {} });

/** Both retained tables exist; a deleted table is gone at once. */
beforeEach(() => {
  dynamodb.reset();
  dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: 'ACTIVE' } });
  dynamodb.on(UpdateTableCommand).resolves({});
  dynamodb.on(DeleteTableCommand).callsFake(({ TableName }: { TableName: string }) => {
    dynamodb.on(DescribeTableCommand, { TableName }).rejects(gone());
    return {};
  });
});

describe('pnpm run deploy --remove', () => {
  it('refuses while retained tables exist, naming them and both choices, and removes nothing', async () => {
    const { code, removed, output } = await remove();

    expect(code).toBe(1);
    expect(removed).toEqual([]);
    expect(output).toContain("Nothing removed: orders-qa, billing-qa hold(s) the stage's business data");
    expect(output).toContain('--keep-data');
    expect(output).toContain('--delete-data');
  });

  it('with --keep-data, removes the stacks in the reverse of the deploy order, a wave at once, and says how to delete or re-adopt the tables', async () => {
    const { code, events, output } = await remove({ data: 'keep' });

    expect(code).toBe(0);
    expect(events.slice(0, 2).sort()).toEqual(['start billing', 'start email']);
    expect(events.slice(4)).toEqual(['start orders', 'end orders', 'start platform', 'end platform']);
    expect(dynamodb.commandCalls(DeleteTableCommand)).toEqual([]);
    expect(output).toContain('Kept, and owned by no stack now: orders-qa, billing-qa.');
    expect(output).toContain('pnpm run deploy --stage qa --region eu-west-1 --adopt-tables');
    expect(output).toContain(
      'aws dynamodb update-table --region eu-west-1 --table-name billing-qa --no-deletion-protection-enabled',
    );
  });

  it('with --delete-data, turns deletion protection off and deletes each retained table once its stack is gone', async () => {
    const { code, events, output } = await remove({ data: 'delete' });

    expect(code).toBe(0);
    expect(events).toHaveLength(8);
    expect(dynamodb.commandCalls(UpdateTableCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'orders-qa', DeletionProtectionEnabled: false },
      { TableName: 'billing-qa', DeletionProtectionEnabled: false },
    ]);
    expect(dynamodb.commandCalls(DeleteTableCommand).map((call) => call.args[0].input.TableName)).toEqual([
      'orders-qa',
      'billing-qa',
    ]);
    expect(output).toContain('Deleted billing-qa.');
  });

  it('refuses --delete-data on prod, before anything is removed', async () => {
    const { code, removed, output } = await remove({ stage: 'prod', data: 'delete' });

    expect(code).toBe(1);
    expect(removed).toEqual([]);
    expect(dynamodb.commandCalls(DeleteTableCommand)).toEqual([]);
    expect(output).toContain('--delete-data is refused on prod');
  });

  it('needs no choice when no retained table exists', async () => {
    dynamodb.on(DescribeTableCommand).rejects(gone());

    const { code, removed } = await remove();

    expect(code).toBe(0);
    expect(removed).toHaveLength(4);
  });

  it('stops after a wave in which a stack could not be removed, leaving what it depends on', async () => {
    const { code, removed, output } = await remove({ data: 'keep' }, (command) => (command.label === 'orders' ? 1 : 0));

    expect(code).toBe(1);
    expect(removed.sort()).toEqual(['billing', 'email', 'orders']);
    expect(output).toContain('orders could not be removed');
    expect(dynamodb.commandCalls(DeleteTableCommand)).toEqual([]);
  });

  it('--dry-run prints the plan and the retained tables, and removes nothing', async () => {
    const { code, removed, output } = await remove({ dryRun: true });

    expect(code).toBe(0);
    expect(removed).toEqual([]);
    expect(output).toContain(
      [
        '  1. billing, email, at once',
        '       cd services/billing && pnpm exec sls remove --stage qa --region eu-west-1',
        '       cd services/email && pnpm exec sls remove --stage qa --region eu-west-1',
        '  2. orders',
        '       cd services/orders && pnpm exec sls remove --stage qa --region eu-west-1',
        '  3. platform',
      ].join('\n'),
    );
    expect(output).toContain('Retained tables that exist: orders-qa, billing-qa.');
    expect(output).toContain('Removing the stage needs --keep-data or --delete-data for them.');
  });

  it('--offline lists the retained tables of the templates without looking them up', async () => {
    const { code, output } = await remove({ offline: true });

    expect(code).toBe(0);
    expect(dynamodb.calls()).toEqual([]);
    expect(output).toContain('Retained tables (offline: whether they exist was not looked up): orders-qa, billing-qa.');
  });
});
