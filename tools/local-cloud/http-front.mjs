// @ts-check
/**
 * API Gateway in front of a service's HTTP API, for the local stage: it listens on the service's
 * own port and hands each request to the service's serverless-offline, which listens on a port of
 * its own (`internalHttpPort`), so that the service's process can die without its clients noticing
 * more than API Gateway would let them:
 *
 * - a request in flight when the process dies is answered `502 {"message":"Internal server error"}`,
 *   as API Gateway answers for a function whose execution environment crashed;
 * - a request that comes while the process is down waits until it listens again, as a request
 *   waits for a Lambda cold start, and is answered `504` after API Gateway's 29 s.
 *
 * The request's body is read whole before it is handed on (API Gateway's proxy integration does the
 * same, and bodies here are small), so that a request the process never received can be sent again.
 *
 * A process of its own, apart from the gateway's queues (gateway.mjs): there a request would wait
 * behind the event loop's deliveries. It holds nothing but requests in flight, so the local cloud
 * starts it again if it dies.
 *
 * Usage: node http-front.mjs '<[{ "port": 3000, "internalPort": 23000 }, ...]>'
 */
import { Buffer } from 'node:buffer';
import { Agent, createServer, request as send } from 'node:http';

/** API Gateway's integration timeout. */
export const integrationTimeoutMs = 29_000;
const processDownPollMs = 100;

/** Connection headers belong to one hop; Node sets its own on each side. */
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/** @param {import('node:http').IncomingHttpHeaders} headers */
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));

/** @param {import('node:http').ServerResponse} response @param {number} status @param {string} message */
const gatewayError = (response, status, message) => {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': status === 504 ? 'IntegrationTimeout' : 'InternalServerErrorException',
  });
  response.end(body);
};

/**
 * @param {{ port: number, internalPort: number, host?: string }} options
 * @returns {Promise<import('node:http').Server>}
 */
const startHttpFront = async ({ port, internalPort, host = '127.0.0.1' }) => {
  // Idle connections close after 4 s, before serverless-offline's keep-alive timeout of 5 s closes
  // them from its side, so that a reused connection is never cut under a request.
  const agent = new Agent({ keepAlive: true, timeout: 4_000 });
  const server = createServer((incoming, response) => {
    const arrivedAt = Date.now();
    /** @type {Buffer[]} */
    const chunks = [];
    incoming.on('data', (chunk) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { ...endToEnd(incoming.headers), 'content-length': String(body.length) };
      const attempt = () => {
        const outgoing = send(
          { host, port: internalPort, method: incoming.method, path: incoming.url, headers, agent },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
            answer.pipe(response);
            // The process died while it was sending the answer: the client sees the connection cut.
            answer.on('aborted', () => response.destroy());
          },
        );
        outgoing.on('error', (/** @type {NodeJS.ErrnoException} */ error) => {
          if (error.code !== 'ECONNREFUSED') return gatewayError(response, 502, 'Internal server error');
          // Nothing reached the service: its process is starting again; the request waits, as for a cold start.
          if (Date.now() - arrivedAt > integrationTimeoutMs) return gatewayError(response, 504, 'Endpoint request timed out');
          setTimeout(attempt, processDownPollMs);
        });
        outgoing.end(body);
      };
      attempt();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  return server;
};

for (const route of /** @type {Array<{ port: number, internalPort: number }>} */ (JSON.parse(process.argv[2] ?? '[]'))) {
  await startHttpFront(route);
}
