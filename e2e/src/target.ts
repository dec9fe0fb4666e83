import { allCapabilities, type Capability } from './capabilities.js';
import type { TestUser } from './test-users.js';

/** Where the payment provider's API is, and the secret key that reads it (always a test-mode key). */
interface PaymentsEndpoint {
  url: string;
  secretKey: string;
}

/** The user pool of a deployed stage, where the run's test users are created and sign in. */
interface UserPoolTarget {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Every test user's username starts with this, so the run can remove all of them after. */
  usernamePrefix: string;
  /** The operator the run created (member of `operators`), with the password it set. */
  operator: TestUser;
}

/**
 * What the end-to-end tests run against: the base URLs of the public APIs, and the levers
 * (capabilities) the target offers. The local target is the local cloud; an AWS target is
 * resolved from a deployed stage (./aws-target.ts) and handed to the test workers in the
 * environment, as the local cloud hands over its endpoints.
 */
export interface Target {
  kind: 'local' | 'aws';
  stage: string;
  urls: { orders: string; products: string; invoices: string; carrier: string };
  payments: PaymentsEndpoint;
  capabilities: Capability[];
  /** Only on AWS: locally the OpenID issuer signs in any customer id. */
  userPool?: UserPoolTarget;
}

/** The environment variable that carries a resolved target to vitest's workers. */
export const targetVariable = 'E2E_TARGET';

export const localTarget: Target = {
  kind: 'local',
  stage: 'local',
  urls: {
    orders: 'http://127.0.0.1:3000',
    products: 'http://127.0.0.1:3001',
    invoices: 'http://127.0.0.1:3002',
    carrier: 'http://127.0.0.1:3011',
  },
  payments: { url: 'http://127.0.0.1:3010', secretKey: 'sk_test_e2e' },
  capabilities: allCapabilities,
};

/** The target of this run: the one in the environment, or the local cloud. */
export const currentTarget = (environment: NodeJS.ProcessEnv = process.env): Target => {
  const described = environment[targetVariable];
  return described ? (JSON.parse(described) as Target) : localTarget;
};

/** The capabilities of `needed` that `target` lacks. */
export const missingCapabilities = (target: Pick<Target, 'capabilities'>, needed: readonly Capability[]): Capability[] =>
  needed.filter((capability) => !target.capabilities.includes(capability));
