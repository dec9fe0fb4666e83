// @ts-check
/**
 * Counts, in a service's serverless-offline process, what its functions cost per call on AWS: the
 * requests it serves (API Gateway requests and Lambda invocations, with their duration) and the
 * calls its handlers make (DynamoDB by operation, SNS, SES, HTTP to other services). Handlers run
 * in this process (serverless-offline's in-process runner), so Node's diagnostics channels see
 * every call they make, without a proxy in the way and without a line of handler code.
 *
 * The counts go to `<dir>/<service>.json` about once a second; `pnpm bench` reads them before and
 * after a run to give calls per order.
 */
import { subscribe } from 'node:diagnostics_channel';
import { mkdirSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @param {string | undefined} url */
const portOf = (url) => (url ? new URL(url).port : undefined);

/** UUIDs and other ids in a path become {id}, so one route counts as one. */
const routeOf = (/** @type {string} */ path) =>
  (path.split('?')[0] ?? '')
    .split('/')
    .map((segment) => (/[0-9a-f]{8}-|\d{3,}/i.test(segment) ? '{id}' : segment))
    .join('/');

/**
 * @param {{ service: string, dir: string, httpPort?: number, lambdaPort?: number }} options
 */
export const startCallMeter = ({ service, dir, httpPort, lambdaPort }) => {
  /** @type {Record<string, number>} */
  const calls = {};
  /** @type {Record<string, number>} */
  const busyMs = {};
  let dirty = false;
  const count = (/** @type {string} */ label) => {
    calls[label] = (calls[label] ?? 0) + 1;
    dirty = true;
  };
  const targets = new Map([
    [portOf(process.env['AWS_ENDPOINT_URL_DYNAMODB']), 'dynamodb'],
    [portOf(process.env['AWS_ENDPOINT_URL_SNS']), 'sns'],
    [portOf(process.env['AWS_ENDPOINT_URL_SESV2']), 'ses'],
  ]);
  const outgoing = (/** @type {string} */ port, /** @type {string} */ method, /** @type {string} */ path, target = '') => {
    const kind = targets.get(port);
    if (kind === 'dynamodb') count(`dynamodb ${target.split('.').pop() || 'unknown'}`);
    else if (kind) count(kind);
    // The local cloud's own invocations of this service's functions are counted where they arrive.
    else if (Number(port) !== lambdaPort) count(`http :${port} ${method} ${routeOf(path)}`);
  };

  subscribe('http.client.request.start', (message) => {
    const { request } = /** @type {{ request: import('node:http').ClientRequest }} */ (message);
    const port = String(request.socket?.remotePort ?? request.getHeader('host')?.toString().split(':')[1] ?? '');
    outgoing(port, request.method, request.path, String(request.getHeader('x-amz-target') ?? ''));
  });
  subscribe('undici:request:create', (message) => {
    const { request } = /** @type {{ request: { origin: string, method: string, path: string } }} */ (message);
    outgoing(portOf(request.origin) ?? '', request.method, request.path);
  });

  /** @type {WeakMap<object, { label: string, startedAt: number }>} */
  const serving = new WeakMap();
  subscribe('http.server.request.start', (message) => {
    const { request, server } =
      /** @type {{ request: import('node:http').IncomingMessage, server: import('node:net').Server }} */ (message);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : undefined;
    const path = request.url ?? '';
    let label;
    if (port === lambdaPort) label = `invoke ${path.split('/')[3] ?? 'unknown'}`;
    else if (port === httpPort) label = `api ${request.method} ${routeOf(path)}`;
    else return;
    serving.set(request, { label, startedAt: performance.now() });
  });
  subscribe('http.server.response.finish', (message) => {
    const { request } = /** @type {{ request: object }} */ (message);
    const started = serving.get(request);
    if (!started) return;
    count(started.label);
    busyMs[started.label] = (busyMs[started.label] ?? 0) + (performance.now() - started.startedAt);
  });

  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${service}.json`);
  const snapshot = () => JSON.stringify({ service, calls, busyMs });
  let writing = false;
  // Off the event loop, as rewriting a file can wait on the disk while requests are being served;
  // renamed into place, so that a reader never finds it half written.
  const write = () => {
    if (!dirty || writing) return;
    dirty = false;
    writing = true;
    writeFile(`${file}.next`, snapshot())
      .then(() => rename(`${file}.next`, file))
      .catch(() => {
        dirty = true;
      })
      .finally(() => {
        writing = false;
      });
  };
  writeFileSync(file, snapshot());
  setInterval(write, 1_000).unref();
  process.once('exit', () => writeFileSync(file, snapshot()));
};
