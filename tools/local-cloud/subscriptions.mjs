// @ts-check
/**
 * Lambda's asynchronous invocation, for the local stage: what SNS and Lambda do on AWS between a
 * message on the topic and a function's dead-letter queue, which serverless-offline-sns does not do.
 *
 * For each function of a service with `sns` events, it subscribes an endpoint of its own to the
 * local SNS hub with the function's filter policy, accepts each delivery at once (as Lambda accepts
 * an asynchronous invocation) into the function's queue, and runs at most the function's
 * concurrency at once (`reservedConcurrency`, or `defaultConcurrency`), in the order they came.
 * Each runs through serverless-offline's Lambda API (so in serverless-offline's runtime, with its
 * own environment). A failed invocation goes back to the queue to be retried
 * `maximumRetryAttempts` times (2 by default, as on AWS; after 1 s and 2 s locally instead of about
 * 1 and 2 minutes); then, or once it is older than `maximumEventAge`, the event is recorded in the
 * local dead-letter store, from which `pnpm dead-letters` lists and redrives it.
 *
 * Only the time a function runs counts towards its timeout: a burst waits in the queue, as on AWS,
 * instead of starting every invocation at once on a machine with two cores.
 *
 * The queues live in the gateway's process (gateway.mjs), not in the service's, as Lambda's live
 * outside its execution environments: when a service's process dies, the invocation it was running
 * fails and is retried like any other failure, and the events waiting for its functions wait until
 * the local cloud has started it again.
 */
import { Buffer } from 'node:buffer';
import { Agent, createServer, request } from 'node:http';
import {
  CreateTopicCommand,
  ListSubscriptionsCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createInvocationQueue } from './invocation-queue.mjs';

export const deadLetterTable = 'dead-letters-local';
export const retryDelaysMs = [1_000, 2_000, 4_000];
/**
 * How many invocations of one function run at once when its serverless.yml reserves none: enough to
 * overlap one function's waits on I/O, few enough that a burst never starts dozens at once on two
 * cores. The runners were compared at this value (README, "The local cloud"); others were not measured.
 */
export const defaultConcurrency = 4;
/** Lambda's default maximum age of an asynchronous event, in seconds. */
const defaultMaximumEventAge = 21_600;

/**
 * Keeps the connections to serverless-offline's Lambda API open between invocations. Node's `fetch`
 * (undici) took a tenth of a subscriber's CPU under load (the event journal's, at 5 orders a second:
 * 11.7 % of its samples, the handler itself 32 %); with node:http the journal spent 21.9 ms of CPU
 * an order instead of 24.0, email 41.3 instead of 44.4, billing 19.7 instead of 22.8, the whole
 * local cloud 314 instead of 326 (one run of 200 orders each). An idle connection is closed after
 * 4 s, before the server closes it (Node's keep-alive timeout of 5 s), so a reused one is never cut
 * under a request; the timeout closes only idle connections, never one that waits for a long
 * invocation.
 */
const lambdaApiAgent = new Agent({ keepAlive: true, timeout: 4_000 });

/**
 * Invokes a function through serverless-offline's Lambda API, as the AWS SDK's Invoke does, and
 * answers with the status, headers and body as text.
 * @param {string} url @param {string} payload @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, text: string }>}
 */
const invoke = (url, payload) =>
  new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        agent: lambdaApiAgent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-amz-invocation-type': 'RequestResponse',
        },
      },
      (answer) => {
        /** @type {Buffer[]} */
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, headers: answer.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(payload);
  });

/**
 * What became of an invocation whose connection broke before its answer: the process that ran it
 * died, as a Lambda execution environment that exits fails its invocation (`Runtime.ExitError`).
 */
const processEndedError = "Runtime.ExitError: the function's process ended during the invocation";

/** @param {unknown} error */
const connectionBroke = (error) =>
  ['ECONNRESET', 'EPIPE'].includes(/** @type {{ code?: string }} */ (error).code ?? '') ||
  /socket hang up/.test(/** @type {Error} */ (error).message);

/** @param {string} url @param {object} event */
export const invokeFunction = async (url, event) => {
  const { status, headers, text } = await invoke(url, JSON.stringify(event)).catch((error) => {
    if (connectionBroke(error))
      return { status: 0, headers: /** @type {import('node:http').IncomingHttpHeaders} */ ({}), text: '' };
    throw error;
  });
  if (status === 0) return { ok: false, error: processEndedError, failedItems: undefined };
  const functionError = headers['x-amz-function-error'];
  if (status >= 200 && status < 300 && !functionError) {
    // A batch (a stream's records) that the function answered in part is a failure of the part it names.
    const failedItems = batchItemFailures(text);
    if (failedItems.length === 0) return { ok: true, error: undefined };
    return {
      ok: false,
      error: `the function reported ${failedItems.length} failed item(s): ${failedItems.join(', ')}`,
      failedItems,
    };
  }
  let error = `${status} ${text}`;
  try {
    const payload = JSON.parse(text);
    if (payload?.errorMessage) error = `${payload.errorType ?? 'Error'}: ${payload.errorMessage}`;
  } catch {
    // not JSON: keep the raw answer
  }
  return { ok: false, error, failedItems: undefined };
};

/** How often an invocation waiting for its function's process to listen again looks. */
const processDownPollMs = 250;

/**
 * Invokes a function, and while its process does not listen (it died and is being started again),
 * waits for it: an event that never reached the function has not failed, as on AWS, where Lambda
 * starts another execution environment. Any other error of the call is the invocation's failure.
 * @param {string} url @param {object} event
 * @returns {Promise<{ ok: boolean, error: string | undefined, failedItems?: string[] }>}
 */
export const invokeWhenUp = async (url, event) => {
  for (;;) {
    try {
      return await invokeFunction(url, event);
    } catch (error) {
      if (/** @type {{ code?: string }} */ (error).code !== 'ECONNREFUSED') {
        return { ok: false, error: /** @type {Error} */ (error).message, failedItems: undefined };
      }
      await new Promise((resolve) => setTimeout(resolve, processDownPollMs));
    }
  }
};

/** The `itemIdentifier`s of a function's answer `{ batchItemFailures: [...] }`, if it gave one. @param {string} text @returns {string[]} */
const batchItemFailures = (text) => {
  try {
    const failures = JSON.parse(text)?.batchItemFailures;
    return Array.isArray(failures) ? failures.map((failure) => String(failure?.itemIdentifier)) : [];
  } catch {
    return [];
  }
};

/**
 * Records an event a function gave up on in the local dead-letter store, with what `pnpm
 * dead-letters` lists and redrives it by: where the function is invoked, the order event it is
 * about (if it names one), its attempts and last error.
 * @param {DynamoDBDocumentClient} store
 * @param {{ key: string, service: string, function: string, invokeUrl: string, announced?: any,
 *   attempts: number, error: string, firstFailedAt?: string, event: object }} letter
 */
export const recordDeadLetter = async (store, { key, function: name, announced, firstFailedAt, ...rest }) => {
  const now = new Date().toISOString();
  await store.send(
    new PutCommand({
      TableName: deadLetterTable,
      Item: {
        pk: key,
        function: name,
        eventId: announced?.id,
        eventType: announced?.type,
        orderId: announced?.orderId,
        ...rest,
        firstFailedAt: firstFailedAt ?? now,
        lastFailedAt: now,
      },
    }),
  );
};

/** @param {DynamoDBClient} dynamodb */
export const ensureDeadLetterTable = async (dynamodb) => {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: deadLetterTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (/** @type {{ name?: string }} */ (error).name !== 'ResourceInUseException') throw error;
  }
};

/**
 * @typedef {{ name: string, functionName: string, retries: number, maximumEventAgeMs: number,
 *   concurrency: number, topicName: string, filterPolicy?: object }} Subscription
 */

/**
 * The SNS subscriptions of a service's functions, with what Lambda's asynchronous invocation takes
 * from each function's configuration. Read in the service's process, where the framework has
 * resolved serverless.yml; run by the gateway (gateway.mjs).
 * @param {any} serverless @returns {Subscription[]}
 */
export const subscriptionsOf = (serverless) => {
  const service = serverless.service;
  const stage = service.provider.stage;
  return Object.entries(service.functions ?? {}).flatMap(([name, fn]) =>
    (fn.events ?? [])
      .filter((/** @type {any} */ event) => event.sns)
      .map((/** @type {any} */ event) => ({
        name,
        functionName: fn.name ?? `${service.service}-${stage}-${name}`,
        retries: fn.maximumRetryAttempts ?? 2,
        maximumEventAgeMs: (fn.maximumEventAge ?? defaultMaximumEventAge) * 1000,
        concurrency: fn.reservedConcurrency ?? defaultConcurrency,
        topicName:
          event.sns.topicName ??
          String(event.sns.arn ?? event.sns)
            .split(':')
            .pop(),
        filterPolicy: event.sns.filterPolicy,
      })),
  );
};

/**
 * Runs a service's subscriptions in the gateway's process, outside the service's: a service's
 * process that dies takes none of the events waiting for its functions with it. Called again when
 * the service's process starts again, with its subscriptions as they are then: the queues stay,
 * and the hub's subscriptions change only where they differ.
 * @param {{ service: string, port: number, lambdaPort: number, snsEndpoint: string, dynamodbEndpoint: string,
 *   log: (line: string) => void }} options
 */
export const createSubscriber = async ({ service, port, lambdaPort, snsEndpoint, dynamodbEndpoint, log }) => {
  const dynamodb = new DynamoDBClient({ endpoint: dynamodbEndpoint });
  await ensureDeadLetterTable(dynamodb);
  const deadLetters = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const sns = new SNSClient({ endpoint: snsEndpoint });

  /**
   * @typedef {{ subscription: Subscription, event: any, attempt: number, acceptedAt: number,
   *   firstFailedAt?: string, error?: string }} Invocation
   */
  const invokeUrl = (/** @type {Subscription} */ subscription) =>
    `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${subscription.functionName}/invocations`;

  /** @param {Invocation} invocation */
  const deadLetter = async ({ subscription, event, attempt, firstFailedAt, error }) => {
    let message;
    try {
      message = JSON.parse(event.Records[0].Sns.Message);
    } catch {
      // A message that is not JSON is exactly what a dead-letter store is for: kept as it came.
    }
    await recordDeadLetter(deadLetters, {
      key: `${subscription.functionName}#${event.Records[0].Sns.MessageId}`,
      service,
      function: subscription.name,
      invokeUrl: invokeUrl(subscription),
      announced: message,
      attempts: attempt,
      error: error ?? 'unknown error',
      firstFailedAt,
      event,
    });
    log(
      `local-cloud: ${subscription.name} gave up on ${message?.type} ${message?.id} after ${attempt} attempts: dead-lettered (pnpm dead-letters)`,
    );
  };

  /** One queue per function, shared by all its subscriptions, as its concurrency is. */
  const queues = new Map();
  /** @param {Invocation} invocation */
  const enqueue = (invocation) => {
    const { functionName, concurrency } = invocation.subscription;
    let queue = queues.get(functionName);
    if (!queue) {
      queue = createInvocationQueue({
        concurrency,
        run: (/** @type {Invocation} */ next) =>
          attempt(next).catch((/** @type {Error} */ error) =>
            log(`local-cloud: could not deliver or dead-letter a message for ${next.subscription.name}: ${error.message}`),
          ),
      });
      queues.set(functionName, queue);
    }
    queue.push(invocation);
  };

  /** @param {Invocation} invocation */
  const attempt = async (invocation) => {
    const { subscription, event } = invocation;
    if (Date.now() - invocation.acceptedAt > subscription.maximumEventAgeMs) {
      await deadLetter({ ...invocation, error: `${invocation.error ?? 'not run'}; older than maximumEventAge` });
      return;
    }
    const outcome = await invokeWhenUp(invokeUrl(subscription), event);
    if (outcome.ok) return;
    const failed = {
      ...invocation,
      attempt: invocation.attempt + 1,
      firstFailedAt: invocation.firstFailedAt ?? new Date().toISOString(),
      error: outcome.error ?? 'unknown error',
    };
    if (failed.attempt > subscription.retries) {
      await deadLetter(failed);
      return;
    }
    // The retry waits outside the queue, so that it holds none of the function's concurrency meanwhile.
    setTimeout(() => enqueue(failed), retryDelaysMs[failed.attempt - 1] ?? 4_000);
  };

  /** @type {Map<string, Subscription>} */
  let byPath = new Map();
  const server = createServer((request, response) => {
    const subscription = byPath.get(request.url ?? '');
    if (!subscription || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      let notification;
      try {
        notification = JSON.parse(body);
      } catch {
        response.writeHead(400).end();
        return;
      }
      // Accepted at once, as Lambda accepts an asynchronous invocation: the hub never waits.
      response.writeHead(202).end();
      const event = {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: `${notification.TopicArn}:local`,
            Sns: notification,
          },
        ],
      };
      enqueue({ subscription, event, attempt: 0, acceptedAt: Date.now() });
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));

  /** What the hub holds for one subscription: the same topic, endpoint and filter are the same subscription. */
  const hubKey = (/** @type {Subscription} */ subscription) =>
    JSON.stringify([subscription.topicName, subscription.functionName, subscription.filterPolicy ?? null]);
  /** @type {Map<string, string | undefined>} the subscription ARN of each hubKey */
  const subscribed = new Map();
  // The hub keeps subscriptions in memory: drop this port's stale ones from an earlier start first.
  const { Subscriptions = [] } = await sns.send(new ListSubscriptionsCommand({}));
  for (const stale of Subscriptions.filter((s) => s.Endpoint?.startsWith(`http://127.0.0.1:${port}/`))) {
    await sns.send(new UnsubscribeCommand({ SubscriptionArn: stale.SubscriptionArn }));
  }

  return {
    server,
    /** Subscribes what is new before it drops what is gone, so that no message falls between. @param {Subscription[]} next */
    async update(next) {
      byPath = new Map(next.map((subscription) => [`/${subscription.functionName}`, subscription]));
      const wanted = new Map(next.map((subscription) => [hubKey(subscription), subscription]));
      for (const [key, subscription] of wanted) {
        if (subscribed.has(key)) continue;
        const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: subscription.topicName }));
        const { SubscriptionArn } = await sns.send(
          new SubscribeCommand({
            TopicArn,
            Protocol: 'http',
            Endpoint: `http://127.0.0.1:${port}/${subscription.functionName}`,
            Attributes: subscription.filterPolicy ? { FilterPolicy: JSON.stringify(subscription.filterPolicy) } : {},
          }),
        );
        subscribed.set(key, SubscriptionArn);
        log(`local-cloud: ${service} ${subscription.name} subscribed to ${subscription.topicName}`);
      }
      for (const [key, arn] of subscribed) {
        if (wanted.has(key)) continue;
        if (arn) await sns.send(new UnsubscribeCommand({ SubscriptionArn: arn }));
        subscribed.delete(key);
      }
    },
  };
};
