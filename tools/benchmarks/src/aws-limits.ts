/**
 * The limits of AWS that an order meets on its way, as AWS documents them for a new account in
 * eu-west-1 (Ireland), the region of the prices in cost.ts and of every service's serverless.yml.
 * Taken by hand from the pages named (`read` is the day), not fetched: this machine cannot reach
 * them, so the regional figures of SNS, KMS and Cognito, which AWS revises, want a look before they
 * are relied on. AWS raises most of them for an account that asks; `raisable` says whether a quota
 * request can: a partition's throughput and Lambda's scaling rate are the same for everyone.
 */
export interface AwsLimit {
  limit: number;
  unit: string;
  scope: string;
  raisable: boolean;
  source: string;
  read: string;
  note?: string;
}

const read = '2026-12-08';

export const awsLimits = {
  lambdaConcurrency: {
    limit: 1000,
    unit: 'concurrent executions',
    scope: 'per account and region, shared by every function',
    raisable: true,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
    read,
  },
  lambdaScaling: {
    limit: 1000,
    unit: 'more concurrent executions every 10 s',
    scope: 'per function',
    raisable: false,
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html',
    read,
    note: 'a ramp, not a ceiling: it bounds how fast a function follows a rise in traffic',
  },
  apiGatewayAccount: {
    limit: 10_000,
    unit: 'requests a second',
    scope: 'per account and region, shared by every REST API',
    raisable: true,
    source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
    read,
  },
  snsPublish: {
    limit: 9000,
    unit: 'Publish requests a second',
    scope: 'standard topics in eu-west-1 (30,000 in us-east-1, 9,000 in us-west-2 and eu-west-1, 1,500 elsewhere)',
    raisable: true,
    source: 'https://docs.aws.amazon.com/general/latest/gr/sns.html',
    read,
  },
  kmsSymmetric: {
    limit: 50_000,
    unit: 'cryptographic requests a second',
    scope: 'per account and region, shared by every symmetric key (5,500 to 50,000 by region; 50,000 in eu-west-1)',
    raisable: true,
    source: 'https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html',
    read,
  },
  sesSending: {
    limit: 14,
    unit: 'e-mails a second',
    scope: 'per account and region: 1 a second in the sandbox, 14 when production access is granted, raised on request',
    raisable: true,
    source: 'https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html',
    read,
  },
  cognitoUserRead: {
    limit: 120,
    unit: 'requests a second',
    scope:
      "per account and region, shared by every user pool: GetUser's category of the user pools API (token-authorised reads), default quota",
    raisable: true,
    source: 'https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html',
    read,
  },
  dynamodbPartitionWrites: {
    limit: 1000,
    unit: 'write units a second',
    scope: 'per partition (one partition key value, of a table or of an index)',
    raisable: false,
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
    read,
  },
  dynamodbPartitionReads: {
    limit: 3000,
    unit: 'read units a second',
    scope: 'per partition',
    raisable: false,
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html',
    read,
  },
  dynamodbTableWrites: {
    limit: 40_000,
    unit: 'write units a second',
    scope: 'per on-demand table',
    raisable: true,
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
    read,
  },
  dynamodbTableReads: {
    limit: 40_000,
    unit: 'read units a second',
    scope: 'per on-demand table',
    raisable: true,
    source: 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html',
    read,
  },
} as const satisfies Record<string, AwsLimit>;

export type AwsLimits = Record<keyof typeof awsLimits, AwsLimit>;
