// @ts-check
/** Loopback ports of the local cloud: whether one answers, and waiting until it does. */
import { createConnection } from 'node:net';

/**
 * @param {number} port
 * @param {string} [host]
 * @returns {Promise<boolean>}
 */
export const isPortOpen = (port, host = '127.0.0.1') =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * Waits until an endpoint (`http://host:port`) accepts connections.
 * @param {string} url
 * @param {{ timeoutMs: number, what: string }} options `what` names the endpoint in the error
 */
export const waitForEndpoint = async (url, { timeoutMs, what }) => {
  const { hostname, port } = new URL(url);
  const deadline = Date.now() + timeoutMs;
  while (!(await isPortOpen(Number(port), hostname))) {
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
