import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForEndpoint } from '../../ports.mjs';

const frontScript = fileURLToPath(new URL('../../http-front.mjs', import.meta.url));
const frontPort = 39_101;
const servicePort = 39_102;
const started: ChildProcess[] = [];

/** A stand-in for a service's serverless-offline: answers 201, and dies (SIGKILL) on POST /crash before answering. */
const startService = async () => {
  const service = spawn(
    process.execPath,
    [
      '-e',
      `require('node:http').createServer((request, response) => {
        request.resume();
        request.on('end', () => {
          if (request.url === '/crash') process.kill(process.pid, 'SIGKILL');
          else response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ url: request.url }));
        });
      }).listen(${servicePort}, '127.0.0.1');`,
    ],
    { stdio: 'ignore' },
  );
  started.push(service);
  await waitForEndpoint(`http://127.0.0.1:${servicePort}`, { timeoutMs: 10_000, what: 'the service' });
  return service;
};

const startFront = async () => {
  started.push(
    spawn(process.execPath, [frontScript, JSON.stringify([{ port: frontPort, internalPort: servicePort }])], { stdio: 'ignore' }),
  );
  await waitForEndpoint(`http://127.0.0.1:${frontPort}`, { timeoutMs: 10_000, what: 'the front' });
};

// Gone before the next test starts its own on the same ports.
afterEach(async () => {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }),
  );
});

describe("API Gateway in front of a service's process", () => {
  it('hands a request to the service and its answer back', async () => {
    await startService();
    await startFront();

    const response = await fetch(`http://127.0.0.1:${frontPort}/orders?limit=2`, { method: 'POST', body: '{"a":1}' });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ url: '/orders?limit=2' });
  });

  it("answers a request in flight when the service's process dies with API Gateway's 502", async () => {
    await startService();
    await startFront();

    const response = await fetch(`http://127.0.0.1:${frontPort}/crash`, { method: 'POST', body: '{}' });

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: 'Internal server error' });
  });

  it('holds a request that comes while the process is down until it listens again, as for a cold start', async () => {
    await startFront();

    const answer = fetch(`http://127.0.0.1:${frontPort}/orders`, { method: 'POST', body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await startService();

    expect((await answer).status).toBe(201);
  });
});
