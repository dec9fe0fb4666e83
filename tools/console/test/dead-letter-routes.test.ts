import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeadLetter } from '@ecommerce/local-cloud';
import { afterEach, describe, expect, it } from 'vitest';
import { deadLetterRoutes, type DeadLetterStore } from '../server/dead-letter-routes.js';

const letter: DeadLetter = {
  pk: 'orders/trackOrder#e-1',
  service: 'orders',
  function: 'trackOrder',
  invokeUrl: 'http://127.0.0.1:3100/2015-03-31/functions/trackOrder/invocations',
  eventId: 'e-1',
  eventType: 'INVOICE_CREATED',
  orderId: 'o-1',
  attempts: 3,
  error: 'HttpError: order o-1 does not exist (404)',
  firstFailedAt: '2026-11-22T08:00:00.000Z',
  lastFailedAt: '2026-11-22T08:00:07.000Z',
  event: {},
};

const origin = 'http://127.0.0.1:8080';
let server: Server | undefined;
afterEach(() => server?.close());

const serve = async (store: DeadLetterStore): Promise<string> => {
  const routes = deadLetterRoutes(store, origin);
  server = createServer(
    (request, response) =>
      void routes(request, response, () => {
        response.statusCode = 418;
        response.end();
      }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
};

const redrive = (base: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/dead-letters/redrive`, { method: 'POST', headers, body });

describe('the dead-letter routes of the console', () => {
  it('list the dead letters', async () => {
    const base = await serve({ list: async () => [letter], redrive: async () => ({ ok: true }) });
    const response = await fetch(`${base}/dead-letters`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [letter] });
  });

  it('redrive the letter named by its pk, and say how it went', async () => {
    const redriven: DeadLetter[] = [];
    const base = await serve({
      list: async () => [letter],
      redrive: async (one) => (redriven.push(one), { ok: false, error: 'still 404' }),
    });
    const response = await redrive(base, JSON.stringify({ pk: letter.pk }), { 'content-type': 'application/json', origin });
    expect(await response.json()).toEqual({ ok: false, error: 'still 404' });
    expect(redriven).toEqual([letter]);
  });

  it.each([
    ['an unknown letter', JSON.stringify({ pk: 'nope' }), {}, 404, 'not_found'],
    ['no pk', JSON.stringify({}), {}, 400, 'invalid_request'],
    ['a body that is not JSON', '{', {}, 400, 'invalid_json'],
    [
      'a form (what another site can send without asking)',
      'pk=x',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    ['another origin', JSON.stringify({ pk: letter.pk }), { origin: 'http://evil.example' }, 403, 'foreign_origin'],
    ['a body too large', JSON.stringify({ pk: 'x'.repeat(5_000) }), {}, 413, 'body_too_large'],
  ])('refuse %s with a clear 4xx', async (_what, body, headers, status, code) => {
    const redriven: DeadLetter[] = [];
    const base = await serve({ list: async () => [letter], redrive: async (one) => (redriven.push(one), { ok: true }) });
    const response = await redrive(base, body, { 'content-type': 'application/json', ...headers });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(redriven).toEqual([]);
  });

  it('refuse other methods, and leave other paths to the page', async () => {
    const base = await serve({ list: async () => [], redrive: async () => ({ ok: true }) });
    expect((await fetch(`${base}/dead-letters`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${base}/index.html`)).status).toBe(418);
  });

  it('say when the store does not answer', async () => {
    const base = await serve({
      list: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      redrive: async () => ({ ok: true }),
    });
    const response = await fetch(`${base}/dead-letters`);
    expect(response.status).toBe(502);
  });
});
