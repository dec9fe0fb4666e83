import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { json, jsonBodyHandler, maxBodyBytes } from '../../src/http.js';

const post = (body: string, contentType = 'application/json') =>
  ({
    httpMethod: 'POST',
    headers: { 'content-type': contentType },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEvent;

// The strictest honest endpoint: an object with one short string.
const check = (body: unknown) => {
  const ok =
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.keys(body).join() === 'name' &&
    typeof (body as { name: unknown }).name === 'string';
  return ok ? [] : [{ path: '', message: 'must be { name: string }' }];
};
let handled = 0;
const handler = jsonBodyHandler<{ name: string }>(check, async ({ body }) => {
  handled += 1;
  return json(200, { hello: body.name });
});
const send = async (body: string, contentType?: string) => {
  const response = await handler(post(body, contentType), {} as Context);
  return {
    status: response.statusCode,
    body: JSON.parse(response.body) as { code: string; message: string; details: unknown[] },
  };
};

beforeEach(() => {
  handled = 0;
});

describe('a hostile body', () => {
  it.each([
    ['a body over the size limit', JSON.stringify({ name: 'x'.repeat(maxBodyBytes) }), 413, 'payload_too_large'],
    ['JSON cut short', '{"name":', 422, 'malformed_json'],
    ['an empty body', '', 422, 'malformed_json'],
    ['a __proto__ key', '{"name":"x","__proto__":{"admin":true}}', 400, 'invalid_request'],
    ['a constructor key', '{"name":"x","constructor":{"prototype":{"admin":true}}}', 400, 'invalid_request'],
    ['a lone surrogate', '{"name":"\\ud800"}', 400, 'invalid_request'],
    ['nesting 20 levels deep', `{"name":${'['.repeat(20)}${']'.repeat(20)}}`, 400, 'invalid_request'],
    ['nesting 10,000 levels deep', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 400, 'invalid_request'],
    ['an array', '[1,2,3]', 400, 'invalid_request'],
    ['a JSON string', '"name"', 400, 'invalid_request'],
  ])('with %s is answered %i (%s) and never reaches the handler', async (_, body, status, code) => {
    const answer = await send(body);

    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ code, message: expect.any(String), details: expect.any(Array) });
    expect(handled).toBe(0);
  });

  it('names the offending key with its JSON pointer', async () => {
    expect((await send('{"name":"x","__proto__":{}}')).body.details).toEqual([
      { path: '/__proto__', message: 'must not be named __proto__' },
    ]);
  });

  it('leaves Object.prototype untouched', async () => {
    await send('{"name":"x","__proto__":{"polluted":true}}');

    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('any body at all', () => {
  const isErrorBody = (body: unknown) =>
    expect(body).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });

  it('never gets a 500: any string is answered 200 or a 4xx with a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (body) => {
        const answer = await send(body);
        expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500)).toBe(true);
        if (answer.status !== 200) isErrorBody(answer.body);
      }),
      { numRuns: 300, seed: 20261121 },
    );
  }, 60_000);

  it('never gets a 500: any JSON value is answered 200 or a 4xx with a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 25 }), async (value) => {
        const answer = await send(JSON.stringify(value));
        expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500)).toBe(true);
        if (answer.status !== 200) isErrorBody(answer.body);
      }),
      { numRuns: 300, seed: 20261121 },
    );
  }, 60_000);
});
