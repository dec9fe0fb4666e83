// @ts-check
/**
 * The gateway: the parts of AWS that hold events for the functions, in one process of the local
 * cloud apart from the services' own, so that a service's process that dies (as a Lambda execution
 * environment may) takes nothing with it but the invocations it was running (API Gateway in front
 * of the HTTP APIs is a process of its own, http-front.mjs):
 *
 * - Lambda's asynchronous invocation of the functions subscribed to SNS: their queues, retries and
 *   dead letters (subscriptions.mjs);
 * - the event source mappings that read DynamoDB streams (streams.mjs).
 *
 * Each service's process tells it, as it starts (serverless-plugin.mjs), which subscriptions and
 * streams its functions have: `POST /services/<name>` with `{ lambdaPort, subscriberPort,
 * subscriptions, streams, existingTables }`, answered once the subscriptions are made and the
 * readers run. A service's process that starts again after a crash tells it again; what it already
 * runs goes on.
 *
 * Usage: node gateway.mjs <control port>
 */
import { createServer } from 'node:http';
import { waitForEndpoint } from './ports.mjs';
import { createStreamReaders } from './streams.mjs';
import { createSubscriber } from './subscriptions.mjs';

const [controlPort] = process.argv.slice(2);
const host = '127.0.0.1';
const storesStartTimeoutMs = 120_000;
/** @param {string} line */
const log = (line) => console.log(line);

/** @param {string} name */
const endpoint = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the gateway runs inside the local cloud`);
  return value;
};
const dynamodbEndpoint = endpoint('AWS_ENDPOINT_URL_DYNAMODB');
const snsEndpoint = endpoint('AWS_ENDPOINT_URL_SNS');

/** @type {ReturnType<typeof createStreamReaders> | undefined} */
let streamReaders;
/** @type {Map<string, Awaited<ReturnType<typeof createSubscriber>>>} the subscriber of each service */
const subscribers = new Map();
/** Registrations of one service follow one another: a process that starts again waits for its last one. */
const registrations = new Map();

/**
 * @param {string} service
 * @param {{ lambdaPort: number, subscriberPort?: number, subscriptions?: any[], streams?: any[], existingTables?: string[] }} registration
 */
const register = async (service, { lambdaPort, subscriberPort, subscriptions = [], streams = [], existingTables = [] }) => {
  if (subscriptions.length > 0 && subscriberPort) {
    await waitForEndpoint(snsEndpoint, { timeoutMs: storesStartTimeoutMs, what: 'the SNS hub' });
    let subscriber = subscribers.get(service);
    if (!subscriber) {
      subscriber = await createSubscriber({ service, port: subscriberPort, lambdaPort, snsEndpoint, dynamodbEndpoint, log });
      subscribers.set(service, subscriber);
    }
    await subscriber.update(subscriptions);
  }
  if (streams.length > 0) {
    await waitForEndpoint(dynamodbEndpoint, { timeoutMs: storesStartTimeoutMs, what: 'DynamoDB Local' });
    streamReaders ??= createStreamReaders({ dynamodbEndpoint, log });
    await streamReaders.update({ service, sources: streams, lambdaPort, existingTables });
  }
};

const control = createServer((request, response) => {
  const service = /^\/services\/([\w-]+)$/.exec(request.url ?? '')?.[1];
  if (request.method !== 'POST' || !service) {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    const previous = registrations.get(service) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => register(service, JSON.parse(body)))
      .then(
        () => response.writeHead(204).end(),
        (/** @type {Error} */ error) => {
          log(`local-cloud: could not register ${service}: ${error.message}`);
          response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message);
        },
      );
    registrations.set(service, next);
  });
});
control.listen(Number(controlPort), host, () => log(`local-cloud: gateway listening on ${host}:${controlPort}`));
