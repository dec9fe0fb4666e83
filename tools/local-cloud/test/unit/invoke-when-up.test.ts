import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeWhenUp, processEndedError } from '../../subscriptions.mjs';

const port = 39_111;
const url = `http://127.0.0.1:${port}/2015-03-31/functions/fn/invocations`;
let server: Server | undefined;

/** A stand-in for serverless-offline's Lambda API on `port`. */
const listen = (handle: Parameters<typeof createServer>[1]) =>
  new Promise<void>((resolve) => {
    server = createServer(handle).listen(port, '127.0.0.1', () => resolve());
  });

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe("an invocation through serverless-offline's Lambda API, from the gateway", () => {
  it("fails as Lambda's Runtime.ExitError when the process dies under it", async () => {
    await listen((request) => request.socket.destroy());

    expect(await invokeWhenUp(url, { Records: [] })).toEqual({ ok: false, error: processEndedError, failedItems: undefined });
  });

  it('waits while no process listens, and runs once one does: an event that reached no function has not failed', async () => {
    const outcome = invokeWhenUp(url, { Records: [] });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await listen((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('null'));
    });

    expect(await outcome).toEqual({ ok: true, error: undefined });
  });
});
