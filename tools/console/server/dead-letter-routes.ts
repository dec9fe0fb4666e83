import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeadLetter } from '@ecommerce/local-cloud';

/**
 * The dead-letter store over HTTP, for the page: `GET /dead-letters` lists them (oldest first) and
 * `POST /dead-letters/redrive` with `{"pk": "..."}` hands one to its function again, exactly as
 * `pnpm dead-letters redrive` does. A state-changing request must come from the console's own page:
 * JSON (which another site cannot send without a CORS preflight, and gets none) and, when the
 * browser names an origin, that origin.
 */
export interface DeadLetterStore {
  list(): Promise<DeadLetter[]>;
  redrive(letter: DeadLetter): Promise<{ ok: boolean; error?: string }>;
}

type Next = (error?: unknown) => void;

const reply = (response: ServerResponse, status: number, body: unknown): void => {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json');
  response.setHeader('cache-control', 'no-store');
  response.end(JSON.stringify(body));
};

const refuse = (response: ServerResponse, status: number, code: string, message: string) =>
  reply(response, status, { error: { code, message } });

const readBody = async (request: IncomingMessage, limit = 4_096): Promise<string | undefined> => {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > limit) return undefined;
  }
  return body;
};

export const deadLetterRoutes =
  (store: DeadLetterStore, consoleOrigin: string) =>
  async (request: IncomingMessage, response: ServerResponse, next: Next): Promise<void> => {
    const path = (request.url ?? '').split('?')[0];
    try {
      if (path === '/dead-letters' && request.method === 'GET') {
        return reply(response, 200, { items: await store.list() });
      }
      if (path === '/dead-letters/redrive' && request.method === 'POST') {
        const origin = request.headers.origin;
        if (origin !== undefined && origin !== consoleOrigin) {
          return refuse(response, 403, 'foreign_origin', `only the console's own page (${consoleOrigin}) may redrive`);
        }
        if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
          return refuse(response, 415, 'unsupported_media_type', 'send the body as application/json');
        }
        const text = await readBody(request);
        if (text === undefined) return refuse(response, 413, 'body_too_large', 'the body may hold at most 4096 bytes');
        let pk: unknown;
        try {
          pk = (JSON.parse(text) as { pk?: unknown } | null)?.pk;
        } catch {
          return refuse(response, 400, 'invalid_json', 'the body is not JSON');
        }
        if (typeof pk !== 'string' || pk.length === 0) {
          return refuse(response, 400, 'invalid_request', 'pk (the dead letter to redrive) must be a non-empty string');
        }
        const letter = (await store.list()).find((candidate) => candidate.pk === pk);
        if (!letter) return refuse(response, 404, 'not_found', `no dead letter ${pk}: redriven already, or never there`);
        return reply(response, 200, await store.redrive(letter));
      }
      if (path === '/dead-letters' || path === '/dead-letters/redrive') {
        return refuse(response, 405, 'method_not_allowed', `${request.method} is not allowed on ${path}`);
      }
      next();
    } catch (error) {
      refuse(response, 502, 'store_unavailable', `the dead-letter store did not answer: ${(error as Error).message}`);
    }
  };
