import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { awsCapabilities, refuseStage, resolveStage, stageParameters, testStage } from '../src/aws-target.js';
import type { Target } from '../src/target.js';
import { removeTestUsers, signInWithPassword } from '../src/test-users.js';

// Every client of these classes answers from the fakes: none reaches AWS.
const ssm = mockClient(SSMClient);
const cloudformation = mockClient(CloudFormationClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const clients = {
  ssm: new SSMClient({ region: 'eu-west-1' }),
  cloudformation: new CloudFormationClient({ region: 'eu-west-1' }),
  cognito: new CognitoIdentityProviderClient({ region: 'eu-west-1' }),
};

const stage = 'dev';
const names = stageParameters(stage);
const values: Record<string, string> = {
  [names.orders]: 'https://o1.execute-api.eu-west-1.amazonaws.com/dev',
  [names.products]: 'https://p1.execute-api.eu-west-1.amazonaws.com/dev',
  [names.invoices]: 'https://i1.execute-api.eu-west-1.amazonaws.com/dev',
  [names.carrier]: 'https://c1.execute-api.eu-west-1.amazonaws.com/dev',
  [names.stripeKey]: 'sk_test_abc',
};

const parametersHold = (held: Record<string, string>) =>
  ssm.on(GetParametersCommand).callsFake(({ Names }: { Names: string[] }) => ({
    Parameters: Names.filter((name) => name in held).map((Name) => ({ Name, Value: held[Name] })),
    InvalidParameters: Names.filter((name) => !(name in held)),
  }));

/** A user pool in memory: AdminCreateUser gives each user a sub, ListUsers filters by the prefix. */
const pool = () => {
  const users = new Map<string, string[]>();
  cognito.on(AdminCreateUserCommand).callsFake(({ Username }: { Username: string }) => {
    users.set(Username, []);
    return { User: { Username, Attributes: [{ Name: 'sub', Value: `sub-${users.size}` }] } };
  });
  cognito.on(AdminAddUserToGroupCommand).callsFake(({ Username, GroupName }: { Username: string; GroupName: string }) => {
    users.get(Username)!.push(GroupName);
    return {};
  });
  cognito.on(ListUsersCommand).callsFake(({ Filter }: { Filter: string }) => {
    const prefix = /^username \^= "(.*)"$/.exec(Filter)![1]!;
    return { Users: [...users.keys()].filter((name) => name.startsWith(prefix)).map((Username) => ({ Username })) };
  });
  cognito.on(AdminDeleteUserCommand).callsFake(({ Username }: { Username: string }) => (users.delete(Username), {}));
  return users;
};

const testDirectory = () => {
  const directory = mkdtempSync(join(tmpdir(), 'e2e-plan-'));
  writeFileSync(join(directory, 'catalogue.int.test.ts'), 'needs();\n');
  writeFileSync(join(directory, 'mail.int.test.ts'), "needs('mailbox');\n");
  writeFileSync(join(directory, 'bookings.int.test.ts'), "needs('carrier-sandbox');\n");
  writeFileSync(join(directory, 'forgotten.int.test.ts'), "describe('no declaration');\n");
  return directory;
};

const run = (runTests: (target: Target) => Promise<number>, lines: string[] = []) =>
  testStage(
    { stage, region: 'eu-west-1', testDirectory: testDirectory(), runId: 'r1' },
    {
      ...clients,
      runTests,
      log: (line) => lines.push(line),
    },
  );

beforeEach(() => {
  ssm.reset();
  cloudformation.reset();
  cognito.reset();
  parametersHold(values);
  cloudformation.on(DescribeStacksCommand, { StackName: 'platform-dev' }).resolves({
    Stacks: [
      {
        StackName: 'platform-dev',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_Pool' },
          { OutputKey: 'UserPoolClientId', OutputValue: 'client-123' },
        ],
      },
    ],
  });
});

describe("a deployed stage's endpoints", () => {
  it("come from the services' SSM parameters (one call, the Stripe key decrypted) and platform's stack outputs", async () => {
    const endpoints = await resolveStage(stage, clients);

    expect(endpoints).toEqual({
      urls: {
        orders: values[names.orders],
        products: values[names.products],
        invoices: values[names.invoices],
        carrier: values[names.carrier],
      },
      payments: { url: 'https://api.stripe.com', secretKey: 'sk_test_abc' },
      userPoolId: 'eu-west-1_Pool',
      clientId: 'client-123',
    });
    expect(ssm.commandCalls(GetParametersCommand)).toHaveLength(1);
    expect(ssm.commandCalls(GetParametersCommand)[0]!.args[0].input).toEqual({
      Names: [
        '/ecommerce/dev/orders/api/url',
        '/ecommerce/dev/products/api/url',
        '/ecommerce/dev/invoice/api/url',
        '/ecommerce/dev/carrier-sandbox/api/url',
        '/ecommerce/dev/billing/stripe-secret-key',
      ],
      WithDecryption: true,
    });
  });

  it('are refused, naming what is missing and how to deploy the carrier sandbox, when the stage lacks a parameter', async () => {
    const { [names.carrier]: _sandbox, [names.orders]: _orders, ...rest } = values;
    parametersHold(rest);

    await expect(resolveStage(stage, clients)).rejects.toThrow(
      'stage dev lacks /ecommerce/dev/carrier-sandbox/api/url, /ecommerce/dev/orders/api/url: deploy it first (pnpm run deploy --stage dev) (the carrier sandbox: cd tools/carrier-sandbox && pnpm exec sls deploy --stage dev)',
    );
    expect(cloudformation.calls()).toHaveLength(0);
  });

  it.each(['sk_live_abc', 'rk_live_abc', 'rk_test_abc', ''])(
    'are refused for a Stripe key that is no test-mode secret key (%j), without printing it',
    async (key) => {
      parametersHold({ ...values, [names.stripeKey]: key });

      const refusal = resolveStage(stage, clients);

      await expect(refusal).rejects.toThrow(/\/ecommerce\/dev\/billing\/stripe-secret-key holds no Stripe test-mode key/);
      await expect(refusal).rejects.not.toThrow(key || 'never empty');
      expect(cloudformation.calls()).toHaveLength(0);
    },
  );

  it('are never resolved for prod or the local stage: refused before any call', async () => {
    await expect(resolveStage('prod', clients)).rejects.toThrow('the end-to-end suite never runs against prod');
    expect(() => refuseStage('local')).toThrow(/the local stage is the local cloud/);
    expect(() => refuseStage('dev; rm -rf')).toThrow(/is no stage name/);
    expect(ssm.calls()).toHaveLength(0);
  });

  it('need the user pool and its app client of platform’s stack', async () => {
    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'platform-dev', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), Outputs: [] }],
    });
    await expect(resolveStage(stage, clients)).rejects.toThrow('the stack platform-dev has no UserPoolId output');

    cloudformation.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'platform-dev',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [{ OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_Pool' }],
        },
      ],
    });
    await expect(resolveStage(stage, clients)).rejects.toThrow('the stack platform-dev has no UserPoolClientId output');
  });
});

describe('a run against a stage', () => {
  it('creates an operator in the pool, hands the tests a target with the stage’s levers only, and removes every user of the run after', async () => {
    const users = pool();
    let seen: Target | undefined;

    const code = await run(async (target) => {
      seen = target;
      // A test worker creates a customer of its own, with the run's prefix.
      users.set(`${target.userPool!.usernamePrefix}customer`, []);
      return 0;
    });

    expect(code).toBe(0);
    expect(seen).toMatchObject({
      kind: 'aws',
      stage: 'dev',
      urls: { orders: values[names.orders] },
      capabilities: awsCapabilities,
      userPool: { region: 'eu-west-1', userPoolId: 'eu-west-1_Pool', clientId: 'client-123', usernamePrefix: 'e2e-r1-' },
    });
    const operator = seen!.userPool!.operator;
    expect(operator.username).toMatch(/^e2e-r1-/);
    expect(operator.customerId).toBe('sub-1');
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toMatchObject({
      UserPoolId: 'eu-west-1_Pool',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: `success+${operator.username}@simulator.amazonses.com` },
        { Name: 'email_verified', Value: 'true' },
      ],
    });
    expect(operator.email).toBe(`success+${operator.username}@simulator.amazonses.com`);
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-1_Pool',
      Username: operator.username,
      Password: operator.password,
      Permanent: true,
    });
    expect(operator.password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{12,}$/);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input.GroupName)).toEqual(['operators']);
    expect(
      cognito
        .commandCalls(AdminDeleteUserCommand)
        .map((call) => call.args[0].input.Username)
        .sort(),
    ).toEqual([operator.username, 'e2e-r1-customer'].sort());
    expect(users.size).toBe(0);
  });

  it('removes the users when the tests fail, and when the test runner itself throws', async () => {
    const users = pool();
    users.set('someone-else', []);

    expect(await run(async () => 1)).toBe(1);
    await expect(run(() => Promise.reject(new Error('vitest crashed')))).rejects.toThrow('vitest crashed');

    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(2);
    expect([...users.keys()]).toEqual(['someone-else']);
  });

  it('removes the users it made when making the operator fails half-way', async () => {
    const users = pool();
    cognito.on(AdminAddUserToGroupCommand).rejects(new Error('ResourceNotFoundException: group operators'));
    const runTests = vi.fn(async () => 0);

    await expect(run(runTests)).rejects.toThrow('group operators');

    expect(runTests).not.toHaveBeenCalled();
    expect(users.size).toBe(0);
  });

  it('prints which test files run and which are skipped, with the capability each lacks', async () => {
    pool();
    const lines: string[] = [];

    await run(async () => 0, lines);

    expect(lines).toEqual(
      expect.arrayContaining([
        'Stage dev (eu-west-1): 2 test files run, 2 skipped',
        '  run   bookings.int.test.ts',
        '  run   catalogue.int.test.ts',
        '  skip  mail.int.test.ts: needs mailbox',
        '  skip  forgotten.int.test.ts: forgotten.int.test.ts must declare its needs once, with a top-level needs(...); (found 0)',
      ]),
    );
  });
});

describe('removing the users of a run', () => {
  it('reads every page of ListUsers, and deletes only the users with the run’s prefix', async () => {
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [{ Username: 'e2e-r1-a' }, { Username: 'e2e-r1-b' }], PaginationToken: 'next' })
      .resolvesOnce({ Users: [{ Username: 'e2e-r1-c' }] });
    cognito.on(AdminDeleteUserCommand).resolves({});

    const removed = await removeTestUsers(clients.cognito, { userPoolId: 'eu-west-1_Pool', usernamePrefix: 'e2e-r1-' });

    expect(removed).toEqual(['e2e-r1-a', 'e2e-r1-b', 'e2e-r1-c']);
    expect(cognito.commandCalls(ListUsersCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: 'eu-west-1_Pool', Filter: 'username ^= "e2e-r1-"', Limit: 60, PaginationToken: undefined },
      { UserPoolId: 'eu-west-1_Pool', Filter: 'username ^= "e2e-r1-"', Limit: 60, PaginationToken: 'next' },
    ]);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(3);
  });
});

describe('signing in a test user', () => {
  it('uses the password grant of the app client (USER_PASSWORD_AUTH) and returns the access token', async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: 'access', IdToken: 'id' } });

    expect(await signInWithPassword(clients.cognito, { clientId: 'client-123', username: 'e2e-r1-x', password: 'pw' })).toBe(
      'access',
    );
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-123',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'e2e-r1-x', PASSWORD: 'pw' },
    });
  });

  it('fails, naming the challenge, when the pool asks for one instead of a token', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED' });

    await expect(signInWithPassword(clients.cognito, { clientId: 'c', username: 'u', password: 'p' })).rejects.toThrow(
      'Cognito did not sign u in (challenge: NEW_PASSWORD_REQUIRED)',
    );
  });
});
