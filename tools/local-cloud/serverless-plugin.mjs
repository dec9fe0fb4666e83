// @ts-check
/**
 * A serverless plugin for the local stage: when serverless-offline starts, it creates the service's
 * DynamoDB tables and SNS topics from the service's own `resources`, so that the local cloud never
 * needs a second, hand-written copy of a table definition. Tables that already exist are kept.
 * Then it loads the sample data named in `custom.localCloud.seed` ({ table: <logical id>, file }),
 * overwriting items with the same key, so every start begins from the same sample. A service with
 * `custom.localCloud.subscriberPort` gets its SNS subscriptions, retries and dead letters as on AWS
 * (subscriptions.mjs), and its functions' stream events are read (streams.mjs), both in the local
 * cloud's gateway (gateway.mjs), outside this process. Functions named in `custom.localCloud.scheduleEverySeconds` run on a period of
 * seconds rather than their AWS schedule (schedules.mjs). With LOCAL_CLOUD_METER_DIR set, it counts the calls of the service's
 * functions (call-meter.mjs).
 *
 * It only ever talks to the loopback endpoints set by the local cloud (AWS_ENDPOINT_URL_DYNAMODB,
 * AWS_ENDPOINT_URL_SNS), and does nothing on any stage but `local`.
 */
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvokeStore } from '@aws/lambda-invoke-store';
import { startCallMeter } from './call-meter.mjs';
import { waitForEndpoint } from './ports.mjs';
import { putItems, sampleData } from './sample-data.mjs';
import { withLocalSchedules } from './schedules.mjs';
import { streamSources } from './streams.mjs';
import { defaultConcurrency, subscriptionsOf } from './subscriptions.mjs';

const LOCAL_STAGE = 'local';

/**
 * The local cloud starts every service at once, while DynamoDB Local and the SNS hub are still
 * starting, so that loading the framework and bundling overlap their start: a service waits for
 * them here, before it first needs them.
 */
const storesStartTimeoutMs = 120_000;

/** @param {string} name */
const loopbackEndpoint = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the service through the local cloud (pnpm dev)`);
  const { hostname } = new URL(value);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
    throw new Error(`${name} must point at this machine, not ${hostname}`);
  }
  return value;
};

/**
 * The subset of AWS::DynamoDB::Table properties that DynamoDB Local understands.
 * @param {Record<string, any>} properties
 */
export const toCreateTableInput = (properties) => ({
  TableName: properties.TableName,
  KeySchema: properties.KeySchema,
  AttributeDefinitions: properties.AttributeDefinitions,
  BillingMode: properties.BillingMode ?? 'PAY_PER_REQUEST',
  ProvisionedThroughput: properties.ProvisionedThroughput,
  GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
  LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
  // CloudFormation names only the view; the API also wants the stream switched on.
  StreamSpecification: properties.StreamSpecification && { StreamEnabled: true, ...properties.StreamSpecification },
  // DynamoDB Local refuses DeleteTable on a protected table as AWS does (@ecommerce/data-retention).
  DeletionProtectionEnabled: properties.DeletionProtectionEnabled,
});

/**
 * serverless-offline runs a service's invocations at once in this one process, as Lambda runs them
 * in an execution environment with AWS_LAMBDA_MAX_CONCURRENCY: Lambda's InvokeStore, backed by
 * AsyncLocalStorage, gives each its own context (the patched in-process runner enters it), and
 * Powertools keeps per-invocation state there, such as the order id a log line is about. Without
 * it, one invocation's keys were reset by another's end, and its log lines lost their order id.
 */
const installInvokeStore = async () => {
  process.env['AWS_LAMBDA_MAX_CONCURRENCY'] ??= String(defaultConcurrency);
  await InvokeStore.getInstanceAsync(true);
};

export default class LocalCloudPlugin {
  /**
   * @param {any} serverless
   * @param {Record<string, any>} options
   * @param {{ log: { notice(message: string): void } }} utils
   */
  constructor(serverless, options, utils) {
    this.serverless = serverless;
    this.options = options;
    this.log = utils.log;
    this.hooks = { 'before:offline:start:init': () => this.provision() };
  }

  async provision() {
    const stage = this.options.stage ?? this.serverless.service.provider.stage;
    if (stage !== LOCAL_STAGE) {
      throw new Error(`the local cloud runs only with --stage ${LOCAL_STAGE} (got ${stage})`);
    }
    await installInvokeStore();
    const everySeconds = this.serverless.service.custom?.localCloud?.scheduleEverySeconds;
    if (everySeconds) {
      this.serverless.service.functions = withLocalSchedules(this.serverless.service.functions, everySeconds);
    }
    /** @type {Array<[string, { Type: string, Properties: Record<string, any> }]>} */
    const resources = Object.entries(this.serverless.service.resources?.Resources ?? {});
    const tables = resources.filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table');
    const topics = resources.filter(([, resource]) => resource.Type === 'AWS::SNS::Topic');
    const meterDir = process.env['LOCAL_CLOUD_METER_DIR'];
    if (meterDir) {
      const offline = this.serverless.service.custom?.['serverless-offline'] ?? {};
      startCallMeter({
        service: this.serverless.service.service,
        dir: meterDir,
        // Behind the gateway, the local cloud starts serverless-offline on a port of its own (--httpPort).
        httpPort: Number(this.options.httpPort ?? offline.httpPort),
        lambdaPort: offline.lambdaPort,
      });
    }
    const subscriberPort = this.serverless.service.custom?.localCloud?.subscriberPort;
    const seeds = sampleData({
      seeds: this.serverless.service.custom?.localCloud?.seed ?? [],
      resources: Object.fromEntries(resources),
      serviceDir: this.serverless.serviceDir,
    });
    if (tables.length > 0 || seeds.length > 0 || subscriberPort) {
      await waitForEndpoint(loopbackEndpoint('AWS_ENDPOINT_URL_DYNAMODB'), {
        timeoutMs: storesStartTimeoutMs,
        what: 'DynamoDB Local',
      });
    }
    if (topics.length > 0 || subscriberPort) {
      await waitForEndpoint(loopbackEndpoint('AWS_ENDPOINT_URL_SNS'), { timeoutMs: storesStartTimeoutMs, what: 'the SNS hub' });
    }
    const existingTables = tables.length > 0 ? await this.createTables(tables) : new Set();
    if (topics.length > 0) await this.createTopics(topics);
    if (seeds.length > 0) {
      const dynamodb = DynamoDBDocumentClient.from(
        new DynamoDBClient({ endpoint: loopbackEndpoint('AWS_ENDPOINT_URL_DYNAMODB') }),
      );
      for (const { tableName, file, items } of seeds) {
        await putItems(dynamodb, tableName, items);
        this.log.notice(`local-cloud: loaded ${items.length} items from ${file} into ${tableName}`);
      }
      dynamodb.destroy();
    }
    const subscriptions = subscriberPort ? subscriptionsOf(this.serverless) : [];
    // Stream sources read tables of the service's own resources, so there are none without tables.
    const streams = tables.length > 0 ? streamSources(this.serverless) : [];
    if (subscriptions.length > 0 || streams.length > 0) {
      await this.registerWithGateway({ subscriberPort, subscriptions, streams, existingTables: [...existingTables] });
    }
  }

  /**
   * Hands the service's subscriptions and stream sources to the gateway (gateway.mjs), which runs
   * them outside this process, so that they outlive it; returns once they run.
   * @param {{ subscriberPort?: number, subscriptions: object[], streams: object[], existingTables: string[] }} registration
   */
  async registerWithGateway(registration) {
    const gateway = loopbackEndpoint('LOCAL_CLOUD_GATEWAY_URL');
    await waitForEndpoint(gateway, { timeoutMs: storesStartTimeoutMs, what: "the local cloud's gateway" });
    const service = this.serverless.service.service;
    const answer = await fetch(`${gateway}/services/${service}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lambdaPort: this.serverless.service.custom?.['serverless-offline']?.lambdaPort, ...registration }),
    });
    if (!answer.ok) throw new Error(`the gateway could not run ${service}'s event sources: ${await answer.text()}`);
    this.log.notice(
      `local-cloud: ${registration.subscriptions.length} subscriptions and ${registration.streams.length} stream sources run in the gateway`,
    );
  }

  /**
   * Creates the tables that do not exist yet; returns the names of those that did.
   * @param {Array<[string, { Properties: Record<string, any> }]>} tables
   */
  async createTables(tables) {
    const existing = new Set();
    const dynamodb = new DynamoDBClient({ endpoint: loopbackEndpoint('AWS_ENDPOINT_URL_DYNAMODB') });
    for (const [logicalId, { Properties }] of tables) {
      try {
        await dynamodb.send(new CreateTableCommand(toCreateTableInput(Properties)));
        const ttl = Properties.TimeToLiveSpecification;
        if (ttl?.Enabled) {
          await dynamodb.send(new UpdateTimeToLiveCommand({ TableName: Properties.TableName, TimeToLiveSpecification: ttl }));
        }
        this.log.notice(`local-cloud: created table ${Properties.TableName} (${logicalId})`);
      } catch (error) {
        if (/** @type {{ name?: string }} */ (error).name !== 'ResourceInUseException') throw error;
        this.log.notice(`local-cloud: table ${Properties.TableName} already exists`);
        existing.add(Properties.TableName);
      }
    }
    dynamodb.destroy();
    return existing;
  }

  /** @param {Array<[string, { Properties: Record<string, any> }]>} topics */
  async createTopics(topics) {
    const sns = new SNSClient({ endpoint: loopbackEndpoint('AWS_ENDPOINT_URL_SNS') });
    for (const [logicalId, { Properties }] of topics) {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: Properties.TopicName }));
      this.log.notice(`local-cloud: topic ${TopicArn} (${logicalId})`);
    }
    sns.destroy();
  }
}
