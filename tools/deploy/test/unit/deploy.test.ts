import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { deployStage, type Command, type DeployOptions, type PackagedService } from '../../src/deploy.js';

const ssm = mockClient(SSMClient);
const sesv2 = mockClient(SESv2Client);
const lambda = mockClient(LambdaClient);
const tables = mockClient(DynamoDBClient);
const dynamodb = mockClient(DynamoDBDocumentClient);
const cloudformation = mockClient(CloudFormationClient);

/** What `sls deploy` creates a new stack with. */
const coreTemplate = { Resources: { ServerlessDeploymentBucket: { Type: 'AWS::S3::Bucket' } } };

const catalogue = [{ productId: 'prod-kettle' }, { productId: 'prod-moka' }];

/** A repository with products' sample data, as services/products has it. */
const repositoryRoot = mkdtempSync(join(tmpdir(), 'deploy-'));
mkdirSync(join(repositoryRoot, 'services', 'products', 'seed'), { recursive: true });
writeFileSync(join(repositoryRoot, 'services', 'products', 'seed', 'catalogue.json'), JSON.stringify(catalogue));

const packages: Record<string, PackagedService> = {
  platform: {
    service: 'platform',
    stackName: 'platform-qa',
    seeds: [],
    coreTemplate,
    template: { Resources: {}, Outputs: { Topic: { Export: { Name: 'platform-qa-Topic' } } } },
  },
  products: {
    service: 'products',
    stackName: 'products-qa',
    seeds: [{ table: 'ProductsTable', file: 'seed/catalogue.json' }],
    coreTemplate,
    template: {
      Resources: {
        ProductsTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'products-qa' } },
        Url: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/ecommerce/qa/products/api/url' } },
        Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ 'Fn::ImportValue': 'platform-qa-Topic' }] } },
      },
    },
  },
  orders: {
    service: 'orders',
    stackName: 'orders-qa',
    seeds: [],
    coreTemplate,
    template: {
      Resources: {
        Url: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/ecommerce/qa/orders/api/url' } },
        F: { Type: 'AWS::Lambda::Function', Properties: { P: '{{resolve:ssm:/ecommerce/qa/products/api/url}}' } },
      },
    },
  },
  billing: {
    service: 'billing',
    stackName: 'billing-qa',
    seeds: [],
    coreTemplate,
    template: {
      Resources: {
        PaymentsTable: {
          Type: 'AWS::DynamoDB::Table',
          DeletionPolicy: 'Retain',
          Properties: { TableName: 'billing-qa', DeletionProtectionEnabled: true },
        },
        F: {
          Type: 'AWS::Lambda::Function',
          Properties: { K: '/ecommerce/qa/billing/stripe-secret-key', O: '{{resolve:ssm:/ecommerce/qa/orders/api/url}}' },
        },
      },
    },
  },
  email: {
    service: 'email',
    stackName: 'email-qa',
    seeds: [],
    coreTemplate,
    template: {
      Resources: {
        F: {
          Type: 'AWS::Lambda::Function',
          Properties: { S: '{{resolve:ssm:/ecommerce/qa/email/sender}}', O: '{{resolve:ssm:/ecommerce/qa/orders/api/url}}' },
        },
      },
    },
  },
};

const options = (overrides: Partial<DeployOptions> = {}): DeployOptions => ({
  stage: 'qa',
  region: 'eu-west-1',
  repositoryRoot,
  services: Object.keys(packages),
  dryRun: false,
  offline: false,
  remove: false,
  data: 'undecided',
  adoptTables: false,
  loadSampleData: true,
  ...overrides,
});

/** Runs nothing: records each command, when it started and ended, and answers with its exit code. */
const fakeRuns = (exitCode: (command: Command) => number = () => 0) => {
  const events: string[] = [];
  const commands: Command[] = [];
  return {
    events,
    commands,
    run: async (command: Command) => {
      commands.push(command);
      const what = `${command.args[3]} ${command.label}`;
      events.push(`start ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      events.push(`end ${what}`);
      return exitCode(command);
    },
  };
};

const deploy = async (runs: ReturnType<typeof fakeRuns>, overrides: Partial<DeployOptions> = {}) => {
  const lines: string[] = [];
  const code = await deployStage(options(overrides), {
    run: runs.run,
    readPackage: (service) => packages[service]!,
    ssm: new SSMClient({ region: 'eu-west-1' }),
    sesv2: new SESv2Client({ region: 'eu-west-1' }),
    lambda: new LambdaClient({ region: 'eu-west-1' }),
    dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
    documents: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
    cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
    log: (line) => lines.push(line),
  });
  return { code, output: lines.join('\n') };
};

const deployed = (runs: ReturnType<typeof fakeRuns>) =>
  runs.commands.filter((command) => command.args[3] === 'deploy').map((command) => command.label);

const awsCalls = (): Array<{ args: [object] }> =>
  [ssm.calls(), sesv2.calls(), lambda.calls(), tables.calls(), dynamodb.calls(), cloudformation.calls()].flat();

/** A well-prepared account: parameters set, SES out of its sandbox, the default Lambda quota, no table left over. */
beforeEach(() => {
  for (const mock of [ssm, sesv2, lambda, tables, dynamodb, cloudformation]) mock.reset();
  ssm
    .on(GetParametersCommand)
    .callsFake(({ Names }: { Names: string[] }) => ({ Parameters: Names.map((Name) => ({ Name })), InvalidParameters: [] }));
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'shop@example.com' } });
  sesv2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true });
  sesv2.on(GetEmailIdentityCommand).resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
  lambda
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  tables.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  dynamodb.on(ScanCommand).resolves({ Count: 0 });
  dynamodb.on(BatchWriteCommand).resolves({});
  cloudformation.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => ({
    Stacks: [
      {
        StackName,
        Outputs:
          StackName === 'platform-qa' ? [] : [{ OutputKey: 'ServiceEndpoint', OutputValue: `https://${StackName}.example/qa` }],
      },
    ],
  }));
});

describe('pnpm run deploy --offline', () => {
  it('prints the services in order, each with its command, calls no AWS API, and says the checks did not run', async () => {
    const runs = fakeRuns();

    const { code, output } = await deploy(runs, { dryRun: true, offline: true });

    expect(code).toBe(0);
    expect(output).toContain(
      [
        '  1. platform',
        '       cd services/platform && pnpm exec sls deploy --stage qa --region eu-west-1 --package ../../.deploy/qa/platform',
        '  2. products (after platform)',
        '       cd services/products && pnpm exec sls deploy --stage qa --region eu-west-1 --package ../../.deploy/qa/products',
        '  3. orders (after products)',
      ].join('\n'),
    );
    expect(output).toContain('  4. billing, email, at once (after orders)');
    expect(output).toContain('/ecommerce/qa/billing/stripe-secret-key, /ecommerce/qa/email/sender');
    expect(output).toContain(
      'Then the sample data of products (seed/catalogue.json) goes into products-qa if that table is empty.',
    );
    expect(output).toContain('Offline: no AWS call made, so the checks of the account');
    expect(deployed(runs)).toEqual([]);
    expect(awsCalls()).toEqual([]);
  });
});

describe('pnpm run deploy --dry-run', () => {
  it('checks the account with read-only calls only, and deploys nothing', async () => {
    const runs = fakeRuns();

    const { code, output } = await deploy(runs, { dryRun: true });

    expect(code).toBe(0);
    expect(output).toContain('Nothing found that would stop the deploy.');
    expect(deployed(runs)).toEqual([]);
    const called = [...new Set(awsCalls().map((call) => call.args[0].constructor.name))].sort();
    expect(called).toEqual([
      'DescribeTableCommand',
      'GetAccountCommand',
      'GetAccountSettingsCommand',
      'GetEmailIdentityCommand',
      'GetParameterCommand',
      'GetParametersCommand',
    ]);
  });

  it('fails, naming what to fix, when a check finds an error', async () => {
    sesv2.on(GetEmailIdentityCommand).resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false });

    const { code, output } = await deploy(fakeRuns(), { dryRun: true });

    expect(code).toBe(1);
    expect(output).toContain('ERROR   The sender shop@example.com');
    expect(output).toContain('1 problem(s) to fix first; nothing deployed.');
  });
});

describe('pnpm run deploy', () => {
  it('packages every service, then deploys what it packaged, wave by wave, each wave at once', async () => {
    const runs = fakeRuns();

    const { code } = await deploy(runs);

    expect(code).toBe(0);
    expect(
      runs.commands
        .filter((command) => command.args[3] === 'package')
        .map((command) => command.label)
        .sort(),
    ).toEqual(Object.keys(packages).sort());
    const deploying = runs.events.filter((event) => event.includes('deploy'));
    expect(deploying.slice(0, 6)).toEqual([
      'start deploy platform',
      'end deploy platform',
      'start deploy products',
      'end deploy products',
      'start deploy orders',
      'end deploy orders',
    ]);
    expect(deploying.slice(6, 8).sort()).toEqual(['start deploy billing', 'start deploy email']);
  });

  it('deploys after a warning: SES in its sandbox is printed with how to leave it', async () => {
    sesv2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true });
    const runs = fakeRuns();

    const { code, output } = await deploy(runs);

    expect(code).toBe(0);
    expect(output).toContain('WARNING SES in eu-west-1 is in its sandbox');
    expect(deployed(runs)).toHaveLength(5);
  });

  it('names each missing parameter with the command that sets it, and deploys nothing', async () => {
    ssm
      .on(GetParametersCommand)
      .resolves({ Parameters: [], InvalidParameters: ['/ecommerce/qa/billing/stripe-secret-key', '/ecommerce/qa/email/sender'] });
    const runs = fakeRuns();

    const { code, output } = await deploy(runs);

    expect(code).toBe(1);
    expect(output).toContain(
      "aws ssm put-parameter --region eu-west-1 --name /ecommerce/qa/billing/stripe-secret-key --type SecureString --value '<value>'",
    );
    expect(output).toContain(
      "aws ssm put-parameter --region eu-west-1 --name /ecommerce/qa/email/sender --type String --value '<value>'",
    );
    expect(deployed(runs)).toEqual([]);
  });

  it('deploys nothing after a wave in which a service failed', async () => {
    const runs = fakeRuns((command) => (command.label === 'products' && command.args[3] === 'deploy' ? 1 : 0));

    const { code, output } = await deploy(runs);

    expect(code).toBe(1);
    expect(deployed(runs)).toEqual(['platform', 'products']);
    expect(output).toContain('products failed to deploy');
  });

  it("loads the sample data into a new stage's empty table once its service is deployed", async () => {
    const runs = fakeRuns();

    await deploy(runs);

    expect(dynamodb.commandCalls(BatchWriteCommand).map((call) => call.args[0].input)).toEqual([
      { RequestItems: { 'products-qa': catalogue.map((Item) => ({ PutRequest: { Item } })) } },
    ]);
  });

  it('leaves a table that has items as it is, and loads nothing on prod or when asked not to', async () => {
    dynamodb.on(ScanCommand).resolves({ Count: 1 });
    await deploy(fakeRuns());
    dynamodb.on(ScanCommand).resolves({ Count: 0 });
    await deploy(fakeRuns(), { loadSampleData: false });
    await deploy(fakeRuns(), { stage: 'prod' });

    expect(dynamodb.commandCalls(BatchWriteCommand)).toEqual([]);
  });

  it('prints the URL of every API at the end', async () => {
    const { output } = await deploy(fakeRuns());

    expect(output).toContain('  products   https://products-qa.example/qa');
    expect(output).toContain('  orders     https://orders-qa.example/qa');
    expect(output).not.toContain('platform   https');
  });

  it('packages platform with the e-mail address that gets the alarms', async () => {
    const runs = fakeRuns();

    await deploy(runs, { alarmEmail: 'ops@example.com' });

    const packaging = runs.commands.filter((command) => command.args[3] === 'package');
    expect(packaging.find((command) => command.label === 'platform')!.args).toContain('alarmEmail=ops@example.com');
    expect(packaging.filter((command) => command.args.includes('alarmEmail=ops@example.com'))).toHaveLength(1);
  });

  it('deploys the carrier sandbox from tools/ before shipment, which reads its URL, on every stage but prod', async () => {
    const shipment: PackagedService = {
      service: 'shipment',
      stackName: 'shipment-qa',
      seeds: [],
      template: {
        Resources: {
          F: { Type: 'AWS::Lambda::Function', Properties: { C: '{{resolve:ssm:/ecommerce/qa/carrier-sandbox/api/url}}' } },
        },
      },
      coreTemplate,
    };
    const sandbox: PackagedService = {
      service: 'carrier-sandbox',
      stackName: 'carrier-sandbox-qa',
      seeds: [],
      template: {
        Resources: { Url: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/ecommerce/qa/carrier-sandbox/api/url' } } },
      },
      coreTemplate,
    };
    const withSandbox: Record<string, PackagedService> = { ...packages, shipment, 'carrier-sandbox': sandbox };
    const runs = fakeRuns();
    const lines: string[] = [];
    const tools = {
      run: runs.run,
      readPackage: (service: string) => withSandbox[service]!,
      ssm: new SSMClient({ region: 'eu-west-1' }),
      sesv2: new SESv2Client({ region: 'eu-west-1' }),
      lambda: new LambdaClient({ region: 'eu-west-1' }),
      dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
      documents: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' })),
      cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
      log: (line: string) => lines.push(line),
    };

    await deployStage(options({ services: [...Object.keys(packages), 'shipment'], sandboxes: ['carrier-sandbox'] }), tools);
    const prodRuns = fakeRuns();
    await deployStage(options({ stage: 'prod', services: Object.keys(packages), sandboxes: ['carrier-sandbox'], dryRun: true }), {
      ...tools,
      run: prodRuns.run,
    });

    const order = deployed(runs);
    expect(order.indexOf('carrier-sandbox')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('carrier-sandbox')).toBeLessThan(order.indexOf('shipment'));
    expect(runs.commands.find((command) => command.label === 'carrier-sandbox')!.cwd).toBe(
      join(repositoryRoot, 'tools', 'carrier-sandbox'),
    );
    expect(lines.find((line) => line.startsWith('First, the parameters'))).not.toContain('carrier-sandbox');
    expect(prodRuns.commands.map((command) => command.label)).not.toContain('carrier-sandbox');
  });
});

describe('pnpm run deploy after a removal that kept the data', () => {
  beforeEach(() => {
    tables.on(DescribeTableCommand, { TableName: 'billing-qa' }).resolves({ Table: { TableName: 'billing-qa' } });
    cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(Object.assign(new Error('Stack with id billing-qa does not exist'), { name: 'ValidationError' }));
  });

  it('refuses, naming the table no stack owns and both ways out', async () => {
    const runs = fakeRuns();

    const { code, output } = await deploy(runs);

    expect(code).toBe(1);
    expect(output).toContain('billing-qa exist(s), kept by an earlier removal of stage qa');
    expect(output).toContain('pnpm run deploy --stage qa --region eu-west-1 --adopt-tables');
    expect(output).toContain(
      'aws dynamodb update-table --region eu-west-1 --table-name billing-qa --no-deletion-protection-enabled',
    );
    expect(deployed(runs)).toEqual([]);
  });

  it('with --adopt-tables, imports the table into its stack as packaged, then deploys', async () => {
    cloudformation.on(DescribeStacksCommand).callsFake(({ StackName }: { StackName: string }) => ({
      Stacks: [{ StackName, StackStatus: 'IMPORT_COMPLETE' }],
    }));
    cloudformation.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(coreTemplate) });
    cloudformation.on(CreateChangeSetCommand).resolves({});
    cloudformation.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cloudformation.on(ExecuteChangeSetCommand).resolves({});
    const runs = fakeRuns();

    const { code } = await deploy(runs, { adoptTables: true });

    expect(code).toBe(0);
    const [change] = cloudformation.commandCalls(CreateChangeSetCommand).map((call) => call.args[0].input);
    expect(change).toMatchObject({
      StackName: 'billing-qa',
      ChangeSetType: 'IMPORT',
      ResourcesToImport: [
        {
          ResourceType: 'AWS::DynamoDB::Table',
          LogicalResourceId: 'PaymentsTable',
          ResourceIdentifier: { TableName: 'billing-qa' },
        },
      ],
    });
    expect(JSON.parse(change!.TemplateBody!)).toEqual({
      Resources: { ...coreTemplate.Resources, PaymentsTable: packages['billing']!.template.Resources['PaymentsTable'] },
    });
    expect(cloudformation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
    expect(deployed(runs)).toHaveLength(5);
  });

  it('with --adopt-tables and the stack gone, first creates the stack as sls deploy does, then imports into it', async () => {
    // The stack is missing, then created, then holds the imported table.
    const statuses = ['CREATE_COMPLETE', 'IMPORT_COMPLETE'];
    cloudformation.on(DescribeStacksCommand, { StackName: 'billing-qa' }).callsFake(() => {
      if (cloudformation.commandCalls(CreateStackCommand).length === 0) {
        throw Object.assign(new Error('Stack with id billing-qa does not exist'), { name: 'ValidationError' });
      }
      return { Stacks: [{ StackName: 'billing-qa', StackStatus: statuses.length > 1 ? statuses.shift() : statuses[0] }] };
    });
    cloudformation.on(CreateStackCommand).resolves({});
    cloudformation.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(coreTemplate) });
    cloudformation.on(CreateChangeSetCommand).resolves({});
    cloudformation.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE' });
    cloudformation.on(ExecuteChangeSetCommand).resolves({});

    const { code } = await deploy(fakeRuns(), { adoptTables: true });

    expect(code).toBe(0);
    expect(cloudformation.commandCalls(CreateStackCommand).map((call) => call.args[0].input)).toEqual([
      { StackName: 'billing-qa', TemplateBody: JSON.stringify(coreTemplate) },
    ]);
    expect(cloudformation.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
  });
});
