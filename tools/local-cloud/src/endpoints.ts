/**
 * Where the local cloud listens. Everything binds to the loopback interface. Handler code is the
 * same as on AWS: the SDK reads AWS_ENDPOINT_URL_<SERVICE> from the environment, so only these
 * variables differ between the laptop and the cloud.
 */
const host = '127.0.0.1';

export const localCloud = {
  host,
  region: 'eu-west-1',
  /** serverless-offline-sns builds topic ARNs with this account id. */
  accountId: '123456789012',
  stage: 'local',
  dynamodb: { port: 8000, url: `http://${host}:8000` },
  ses: { port: 8005, url: `http://${host}:8005` },
  snsHub: { port: 4002, url: `http://${host}:4002` },
  /** Stands in for the Cognito user pool (token-issuer.mjs); its URL is the `iss` of its tokens. */
  issuer: { port: 3020, url: `http://${host}:3020`, clientId: 'order-pipeline-local' },
  /** API Gateway, SNS subscriptions and stream readers, in front of the services' processes (gateway.mjs). */
  gateway: { port: 4000, url: `http://${host}:4000` },
  /** The page that shows the local cloud at work (tools/console). */
  console: { port: 8080, url: `http://${host}:8080` },
} as const;

export const localTopicArn = (name: string): string => `arn:aws:sns:${localCloud.region}:${localCloud.accountId}:${name}`;

export const orderEventsTopicArn = localTopicArn(`order-events-${localCloud.stage}`);

/** The environment every local process (services, tests, benchmarks) runs with. */
export const localCloudEnv = {
  AWS_REGION: localCloud.region,
  AWS_DEFAULT_REGION: localCloud.region,
  // Local endpoints accept any credentials, but the SDK signs every request and needs some.
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_ENDPOINT_URL_DYNAMODB: localCloud.dynamodb.url,
  AWS_ENDPOINT_URL_SNS: localCloud.snsHub.url,
  AWS_ENDPOINT_URL_SESV2: localCloud.ses.url,
  // The issuer answers the user pool's GetUser (token-issuer.mjs), as Cognito does on AWS.
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: localCloud.issuer.url,
} as const;
