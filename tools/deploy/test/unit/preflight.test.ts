import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import {
  GetAccountSettingsCommand,
  GetFunctionConcurrencyCommand,
  LambdaClient,
  ResourceNotFoundException as FunctionNotFound,
} from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetParameterCommand, GetParametersCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PackagedService } from '../../src/deploy.js';
import { describeFindings, preflight, type PreflightInput } from '../../src/preflight.js';

const ssm = mockClient(SSMClient);
const sesv2 = mockClient(SESv2Client);
const lambda = mockClient(LambdaClient);
const dynamodb = mockClient(DynamoDBClient);
const cloudformation = mockClient(CloudFormationClient);

const clients = {
  ssm: new SSMClient({ region: 'eu-west-1' }),
  sesv2: new SESv2Client({ region: 'eu-west-1' }),
  lambda: new LambdaClient({ region: 'eu-west-1' }),
  dynamodb: new DynamoDBClient({ region: 'eu-west-1' }),
  cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
};

const fn = (name: string, reserved?: number) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { FunctionName: name, ...(reserved === undefined ? {} : { ReservedConcurrentExecutions: reserved }) },
});

const stack = (service: string, resources: PackagedService['template']['Resources']): PackagedService => ({
  service,
  stackName: `${service}-qa`,
  seeds: [],
  coreTemplate: { Resources: {} },
  template: { Resources: resources },
});

const ordersTable = {
  Type: 'AWS::DynamoDB::Table',
  DeletionPolicy: 'Retain',
  Properties: { TableName: 'orders-qa', DeletionProtectionEnabled: true },
};

const input = (overrides: Partial<PreflightInput> = {}): PreflightInput => ({
  stage: 'qa',
  region: 'eu-west-1',
  stacks: [stack('orders', { OrdersTable: ordersTable, Create: fn('orders-qa-createOrder') }), stack('email', {})],
  deployerParameters: ['/ecommerce/qa/billing/stripe-secret-key', '/ecommerce/qa/email/sender'],
  adoptTables: false,
  ...overrides,
});

const check = async (overrides: Partial<PreflightInput> = {}) => {
  const report = await preflight(clients, input(overrides));
  return { ...report, output: describeFindings(report.findings).join('\n') };
};

const notFound = () => new NotFoundException({ message: 'not found', $metadata: {} });

/** An account ready for the stage: every check passes. */
beforeEach(() => {
  for (const mock of [ssm, sesv2, lambda, dynamodb, cloudformation]) mock.reset();
  ssm.on(GetParametersCommand).resolves({ InvalidParameters: [] });
  ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'shop@example.com' } });
  sesv2
    .on(GetAccountCommand)
    .resolves({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14 } });
  sesv2.on(GetEmailIdentityCommand).resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
  lambda
    .on(GetAccountSettingsCommand)
    .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 1000 } });
  dynamodb.on(DescribeTableCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
});

describe('the checks before a deploy', () => {
  it('find nothing on an account that is ready', async () => {
    expect((await check()).findings).toEqual([]);
  });

  it('name each parameter the deployer has not set, with the command that sets it', async () => {
    ssm.on(GetParametersCommand).resolves({ InvalidParameters: ['/ecommerce/qa/billing/stripe-secret-key'] });

    const { findings, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(output).toContain('The parameter /ecommerce/qa/billing/stripe-secret-key does not exist');
    expect(output).toContain(
      "aws ssm put-parameter --region eu-west-1 --name /ecommerce/qa/billing/stripe-secret-key --type SecureString --value '<value>'",
    );
  });
});

describe('SES', () => {
  it('in its sandbox: a warning with its limits and how to leave it', async () => {
    sesv2
      .on(GetAccountCommand)
      .resolves({ ProductionAccessEnabled: false, SendingEnabled: true, SendQuota: { Max24HourSend: 200, MaxSendRate: 1 } });

    const { findings, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['warning']);
    expect(output).toContain(
      'SES in eu-west-1 is in its sandbox: it sends only to verified addresses, at most 200 a day and 1 a second',
    );
    expect(output).toContain(
      'aws sesv2 put-account-details --region eu-west-1 --production-access-enabled --mail-type TRANSACTIONAL',
    );
    expect(output).toContain('https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html');
  });

  it('with sending paused: an error', async () => {
    sesv2.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: false, EnforcementStatus: 'SHUTDOWN' });

    const { findings, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(output).toContain('SES sending is paused for this account in eu-west-1 (enforcement status SHUTDOWN)');
  });

  it('a sender address that is an identity not yet verified: an error saying how to verify it', async () => {
    sesv2.on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' }).rejects(notFound());
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'shop@example.com' })
      .resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });

    const { findings, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(output).toContain(
      'The sender shop@example.com (/ecommerce/qa/email/sender) is an SES identity in eu-west-1 that is not verified for sending (PENDING)',
    );
    expect(output).toContain('Open the link SES mailed to shop@example.com');
  });

  it('a sender address whose own identity waits but whose domain is verified: nothing to say, the domain covers it', async () => {
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'shop@example.com' })
      .resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' })
      .resolves({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: true });

    expect((await check()).findings).toEqual([]);
  });

  it('a sender whose domain is a verified identity: nothing to say', async () => {
    sesv2.on(GetEmailIdentityCommand, { EmailIdentity: 'shop@example.com' }).rejects(notFound());
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' })
      .resolves({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: true });

    expect((await check()).findings).toEqual([]);
  });

  it('a sender whose domain waits for its DKIM records: an error saying which records to publish', async () => {
    sesv2.on(GetEmailIdentityCommand, { EmailIdentity: 'shop@example.com' }).rejects(notFound());
    sesv2
      .on(GetEmailIdentityCommand, { EmailIdentity: 'example.com' })
      .resolves({ IdentityType: 'DOMAIN', VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });

    const { output } = await check();

    expect(output).toContain('CNAME <token>._domainkey.example.com -> <token>.dkim.amazonses.com');
    expect(output).toContain(
      'aws sesv2 get-email-identity --region eu-west-1 --email-identity example.com --query DkimAttributes.Tokens',
    );
  });

  it('a sender that is no identity, nor its domain: an error with both ways to verify', async () => {
    sesv2.on(GetEmailIdentityCommand).rejects(notFound());

    const { findings, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(output).toContain(
      'The sender shop@example.com (/ecommerce/qa/email/sender) is no SES identity in eu-west-1, nor is its domain',
    );
    expect(output).toContain('aws sesv2 create-email-identity --region eu-west-1 --email-identity shop@example.com');
    expect(output).toContain('aws sesv2 create-email-identity --region eu-west-1 --email-identity example.com');
  });

  it('a sender parameter that is missing is left to the check of the parameters', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));

    expect((await check()).findings).toEqual([]);
    expect(sesv2.commandCalls(GetEmailIdentityCommand)).toEqual([]);
  });
});

describe('Lambda concurrency', () => {
  const reserving = (...reserved: number[]) => ({
    stacks: [stack('billing', Object.fromEntries(reserved.map((value, i) => [`F${i}`, fn(`billing-qa-f${i}`, value)])))],
  });

  beforeEach(() => {
    lambda.on(GetFunctionConcurrencyCommand).rejects(new FunctionNotFound({ message: 'no such function', $metadata: {} }));
  });

  it('what the stage reserves beyond what the account can spare: an error with the quota to ask for', async () => {
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 950 } });

    const { findings, output } = await check(reserving(800, 100));

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(output).toContain(
      'The stage reserves 900 concurrent executions (billing-qa-f0 800, billing-qa-f1 100), but the account in eu-west-1 runs at most 1000, 950 of them unreserved, and Lambda keeps 100 unreserved: 850 can be reserved',
    );
    expect(output).toContain(
      'aws service-quotas request-service-quota-increase --region eu-west-1 --service-code lambda --quota-code L-B99A9384 --desired-value 1050',
    );
  });

  it('a redeploy counts what the stage already reserves as its own', async () => {
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 1000, UnreservedConcurrentExecutions: 100 } });
    lambda.on(GetFunctionConcurrencyCommand, { FunctionName: 'billing-qa-f0' }).resolves({ ReservedConcurrentExecutions: 900 });

    expect((await check(reserving(900))).findings).toEqual([]);
  });

  it('an account of 10, as some new ones get: nothing can be reserved, and the quota is a warning even when nothing is', async () => {
    lambda
      .on(GetAccountSettingsCommand)
      .resolves({ AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 } });

    const reserved = await check(reserving(1));
    const none = await check();

    expect(reserved.output).toContain('Lambda keeps 100 unreserved: 0 can be reserved');
    expect(reserved.output).toContain('--quota-code L-B99A9384 --desired-value 101');
    expect(none.findings.map(({ severity }) => severity)).toEqual(['warning']);
    expect(none.output).toContain(
      'Lambda runs at most 10 functions at once in eu-west-1 for this account (the default quota is 1000',
    );
    expect(none.output).toContain('--quota-code L-B99A9384 --desired-value 1000');
  });
});

describe('tables kept by an earlier removal', () => {
  it('one that exists and no stack owns: an error offering --adopt-tables or the commands that delete it', async () => {
    dynamodb.on(DescribeTableCommand, { TableName: 'orders-qa' }).resolves({ Table: { TableName: 'orders-qa' } });
    cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(Object.assign(new Error('Stack with id orders-qa does not exist'), { name: 'ValidationError' }));

    const { findings, orphanedTables, output } = await check();

    expect(findings.map(({ severity }) => severity)).toEqual(['error']);
    expect(orphanedTables.map(({ tableName }) => tableName)).toEqual(['orders-qa']);
    expect(output).toContain('orders-qa exist(s), kept by an earlier removal of stage qa, and no stack owns them');
    expect(output).toContain('pnpm run deploy --stage qa --region eu-west-1 --adopt-tables');
    expect(output).toContain('aws dynamodb delete-table --region eu-west-1 --table-name orders-qa');
  });

  it('with --adopt-tables: no error, the table is to be imported', async () => {
    dynamodb.on(DescribeTableCommand, { TableName: 'orders-qa' }).resolves({ Table: { TableName: 'orders-qa' } });
    cloudformation
      .on(DescribeStackResourceCommand)
      .rejects(Object.assign(new Error('no such resource'), { name: 'ValidationError' }));

    const { findings, orphanedTables } = await check({ adoptTables: true });

    expect(findings).toEqual([]);
    expect(orphanedTables.map(({ logicalId }) => logicalId)).toEqual(['OrdersTable']);
  });

  it('one its stack owns: nothing to say', async () => {
    dynamodb.on(DescribeTableCommand, { TableName: 'orders-qa' }).resolves({ Table: { TableName: 'orders-qa' } });
    cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        LogicalResourceId: 'OrdersTable',
        PhysicalResourceId: 'orders-qa',
        ResourceType: 'AWS::DynamoDB::Table',
        ResourceStatus: 'UPDATE_COMPLETE',
        LastUpdatedTimestamp: new Date(),
      },
    });

    const { findings, orphanedTables } = await check();

    expect(findings).toEqual([]);
    expect(orphanedTables).toEqual([]);
  });
});
