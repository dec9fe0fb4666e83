import { randomBytes } from 'node:crypto';
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Capability } from './capabilities.js';
import { planTestFiles, type TestFilePlan } from './needs.js';
import type { Target } from './target.js';
import { createTestUser, removeTestUsers } from './test-users.js';

/**
 * The levers a deployed stage offers beyond its public APIs: Stripe's test mode searches payment
 * intents and lists refunds (https://docs.stripe.com/search, https://docs.stripe.com/api/refunds/list),
 * and the carrier sandbox is deployed to the stage as a service of its own (tools/carrier-sandbox).
 */
export const awsCapabilities: Capability[] = ['payment-ledger', 'carrier-sandbox'];

/** The parameters the run reads, as the services write them (`AWS::SSM::Parameter` in each serverless.yml). */
export const stageParameters = (stage: string) => ({
  orders: `/ecommerce/${stage}/orders/api/url`,
  products: `/ecommerce/${stage}/products/api/url`,
  invoices: `/ecommerce/${stage}/invoice/api/url`,
  carrier: `/ecommerce/${stage}/carrier-sandbox/api/url`,
  stripeKey: `/ecommerce/${stage}/billing/stripe-secret-key`,
});

/** The stack whose outputs name the user pool and its app client (services/platform's `UserPoolId`, `UserPoolClientId`). */
const platformStack = (stage: string) => `platform-${stage}`;

/**
 * Refuses a stage the suite must never run against: `prod` (it creates users, places orders and
 * charges cards) and `local` (that is the integration project's, against the local cloud).
 */
export const refuseStage = (stage: string): void => {
  if (stage === 'prod')
    throw new Error('the end-to-end suite never runs against prod: it creates users, places orders and charges cards');
  if (stage === 'local')
    throw new Error('the local stage is the local cloud: run the integration project (pnpm --filter @ecommerce/e2e test:int)');
  if (!/^[A-Za-z0-9-]+$/.test(stage)) throw new Error(`${JSON.stringify(stage)} is no stage name`);
};

/** Refuses a Stripe key that is not a test-mode secret key: the suite places real orders. */
const refuseLiveKey = (key: string, parameter: string): void => {
  if (!key.startsWith('sk_test_')) {
    throw new Error(
      `${parameter} holds no Stripe test-mode key (sk_test_…); the suite charges cards, so it runs only against a stage in Stripe's test mode`,
    );
  }
};

export interface StageEndpoints {
  urls: Target['urls'];
  payments: Target['payments'];
  userPoolId: string;
  clientId: string;
}

/**
 * The stage's endpoints: the APIs' URLs from SSM (one GetParameters, the Stripe key decrypted), the
 * user pool and its app client from platform's stack outputs, where the services' token verifier
 * takes them from too.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
export const resolveStage = async (
  stage: string,
  { ssm, cloudformation }: { ssm: Pick<SSMClient, 'send'>; cloudformation: Pick<CloudFormationClient, 'send'> },
): Promise<StageEndpoints> => {
  refuseStage(stage);
  const names = stageParameters(stage);
  const { Parameters = [], InvalidParameters = [] } = await ssm.send(
    new GetParametersCommand({ Names: Object.values(names), WithDecryption: true }),
  );
  if (InvalidParameters.length > 0) {
    const sandbox = InvalidParameters.includes(names.carrier)
      ? ` (the carrier sandbox: cd tools/carrier-sandbox && pnpm exec sls deploy --stage ${stage})`
      : '';
    throw new Error(
      `stage ${stage} lacks ${InvalidParameters.sort().join(', ')}: deploy it first (pnpm run deploy --stage ${stage})${sandbox}`,
    );
  }
  const value = (name: string) => Parameters.find((parameter) => parameter.Name === name)!.Value!;
  refuseLiveKey(value(names.stripeKey), names.stripeKey);

  const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({ StackName: platformStack(stage) }));
  const output = (key: string) => {
    const found = Stacks[0]?.Outputs?.find((candidate) => candidate.OutputKey === key)?.OutputValue;
    if (!found) throw new Error(`the stack ${platformStack(stage)} has no ${key} output`);
    return found;
  };
  const userPoolId = output('UserPoolId');
  const clientId = output('UserPoolClientId');

  return {
    urls: {
      orders: value(names.orders),
      products: value(names.products),
      invoices: value(names.invoices),
      carrier: value(names.carrier),
    },
    payments: { url: 'https://api.stripe.com', secretKey: value(names.stripeKey) },
    userPoolId,
    clientId,
  };
};

export interface StageRunOptions {
  stage: string;
  region: string;
  /** Where the end-to-end test files are. */
  testDirectory: string;
  /** Names this run's test users apart from any other run's; random unless a test fixes it. */
  runId?: string;
}

export interface StageRunTools {
  ssm: Pick<SSMClient, 'send'>;
  cloudformation: Pick<CloudFormationClient, 'send'>;
  cognito: Pick<CognitoIdentityProviderClient, 'send'>;
  /** Runs the test files of the plan against the target; its exit code. */
  runTests: (target: Target, plan: TestFilePlan) => Promise<number>;
  log: (line: string) => void;
}

/**
 * `pnpm test:aws --stage <stage>`: resolves the stage, creates the run's operator (customers are
 * created by the tests that need them, with the same prefix), runs the test files whose needs the
 * stage meets, and removes every user of the run after, however the tests ended. Its exit code.
 */
export const testStage = async (options: StageRunOptions, tools: StageRunTools): Promise<number> => {
  const { stage, region } = options;
  const endpoints = await resolveStage(stage, tools);
  const plan = planTestFiles({ capabilities: awsCapabilities }, options.testDirectory);
  tools.log(
    `Stage ${stage} (${region}): ${plan.run.length} test files run, ${plan.skip.length + plan.undeclared.length} skipped`,
  );
  for (const file of plan.run) tools.log(`  run   ${file}`);
  for (const { file, missing } of plan.skip) tools.log(`  skip  ${file}: needs ${missing.join(', ')}`);
  for (const { file, problem } of plan.undeclared) tools.log(`  skip  ${file}: ${problem}`);
  for (const { file, test, missing } of plan.skipTests) tools.log(`  skip  ${file} › ${test}: needs ${missing.join(', ')}`);

  const usernamePrefix = `e2e-${options.runId ?? randomBytes(4).toString('hex')}-`;
  const pool = { userPoolId: endpoints.userPoolId, usernamePrefix };
  try {
    const operator = await createTestUser(tools.cognito, { ...pool, groups: ['operators'] });
    const target: Target = {
      kind: 'aws',
      stage,
      urls: endpoints.urls,
      payments: endpoints.payments,
      capabilities: awsCapabilities,
      userPool: {
        region,
        userPoolId: endpoints.userPoolId,
        clientId: endpoints.clientId,
        usernamePrefix,
        operator,
      },
    };
    return await tools.runTests(target, plan);
  } finally {
    const removed = await removeTestUsers(tools.cognito, pool);
    tools.log(`Removed ${removed.length} test user(s) of this run from ${endpoints.userPoolId}.`);
  }
};
