import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { awsCapabilities } from '../src/aws-target.js';
import { targetVariable, type Target } from '../src/target.js';

const cognito = mockClient(CognitoIdentityProviderClient);

const target: Target = {
  kind: 'aws',
  stage: 'dev',
  urls: {
    orders: 'https://o1.execute-api.eu-west-1.amazonaws.com/dev',
    products: 'https://p1.execute-api.eu-west-1.amazonaws.com/dev',
    invoices: 'https://i1.execute-api.eu-west-1.amazonaws.com/dev',
    carrier: 'https://c1.execute-api.eu-west-1.amazonaws.com/dev',
  },
  payments: { url: 'https://api.stripe.com', secretKey: 'sk_test_abc' },
  capabilities: awsCapabilities,
  userPool: {
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_Pool',
    clientId: 'client-123',
    usernamePrefix: 'e2e-r1-',
    operator: {
      username: 'e2e-r1-operator',
      password: 'Operator-pw-1',
      customerId: 'sub-operator',
      email: 'success+e2e-r1-operator@simulator.amazonses.com',
    },
  },
};

let stack: typeof import('./stack.js');

// The test helpers read the target once, when they are loaded, as a test worker does.
beforeAll(async () => {
  vi.stubEnv(targetVariable, JSON.stringify(target));
  stack = await import('./stack.js');
  vi.unstubAllEnvs();
});

describe('the test helpers, given an AWS target', () => {
  it("call the stage's APIs", () => {
    expect([stack.ordersUrl, stack.productsUrl, stack.invoicesUrl]).toEqual([
      target.urls.orders,
      target.urls.products,
      target.urls.invoices,
    ]);
  });

  it("make each new customer a user of the stage's pool, with the run's prefix, signed in with the password grant", async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-ada' }] } });
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: 'token-of-ada' } });

    const ada = await stack.newCustomer();

    expect(ada).toBe('sub-ada');
    expect(await stack.tokenFor(ada)).toBe('token-of-ada');
    const created = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(created).toMatchObject({ UserPoolId: 'eu-west-1_Pool', Username: expect.stringMatching(/^e2e-r1-/) });
    const password = cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input.Password;
    expect(cognito.commandCalls(InitiateAuthCommand)[0]!.args[0].input).toEqual({
      ClientId: 'client-123',
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: created.Username, PASSWORD: password },
    });
    // Orders mails only a verified address, so the user has one that takes mail in any SES account.
    expect(stack.emailOf(ada)).toBe(`success+${created.Username}@simulator.amazonses.com`);
  });

  it('sign the operator in as the user the run created', async () => {
    cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { AccessToken: 'token-of-operator' } });

    expect(stack.operatorId).toBe('sub-operator');
    expect(await stack.tokenFor('sub-operator', ['operators'])).toBe('token-of-operator');
    expect(cognito.commandCalls(InitiateAuthCommand).at(-1)!.args[0].input.AuthParameters).toEqual({
      USERNAME: 'e2e-r1-operator',
      PASSWORD: 'Operator-pw-1',
    });
  });

  it('refuse the levers the stage lacks, naming the capability', async () => {
    expect(() => stack.tokenFor(stack.uniqueCustomer())).toThrow(
      /who is no test user of this run, needs local-issuer, which the aws target lacks/,
    );
    await expect(stack.storedOrdersOf('sub-ada')).rejects.toThrow(
      'reading the orders table needs tables, which the aws target lacks',
    );
    await expect(stack.journal()).rejects.toThrow('reading the event journal needs event-journal');
    expect(() => stack.metricTotal('OrderCreated')).toThrow('needs local-logs');
  });
});
