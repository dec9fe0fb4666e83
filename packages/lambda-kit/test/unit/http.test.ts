import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError } from '../../src/http-error.js';
import { httpHandler, json, jsonBodyHandler } from '../../src/http.js';

const post = (body: string | undefined, contentType = 'application/json') =>
  ({
    httpMethod: 'POST',
    headers: { 'content-type': contentType },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEvent;

const requireName = (body: unknown) =>
  typeof body === 'object' && body !== null && typeof (body as { name?: unknown }).name === 'string'
    ? []
    : [{ path: '/name', message: 'must be a string' }];

const echo = jsonBodyHandler<{ name: string }>(requireName, async ({ body }) => json(201, { hello: body.name }));
const context = {} as Context;

describe('jsonBodyHandler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('hands the parsed, checked body to the handler', async () => {
    const response = await echo(post('{"name":"Ada"}'), context);

    expect(response).toMatchObject({ statusCode: 201, body: '{"hello":"Ada"}' });
    expect(response.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('answers 415 to a body sent as another content type', async () => {
    const response = await echo(post('name=Ada', 'application/x-www-form-urlencoded'), context);

    expect(response.statusCode).toBe(415);
    expect(JSON.parse(response.body)).toEqual({
      code: 'unsupported_media_type',
      message: 'Send the body as application/json.',
      details: [],
    });
  });

  it('answers 422 to malformed JSON', async () => {
    const response = await echo(post('{"name":'), context);

    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'malformed_json' });
  });

  it('answers 400 listing what is wrong, without calling the handler', async () => {
    const response = await echo(post('{"name":42}'), context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      code: 'invalid_request',
      message: 'The request is not valid; see details.',
      details: [{ path: '/name', message: 'must be a string' }],
    });
  });
});

describe('httpHandler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers an HttpError with its own status and body', async () => {
    const handler = httpHandler(async () => {
      throw new HttpError(404, 'order_not_found', 'There is no order ord-1.');
    });

    const response = await handler({} as APIGatewayProxyEvent, context);

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ code: 'order_not_found', message: 'There is no order ord-1.', details: [] });
  });

  it('answers any other failure with a 500 that reveals no internals, and logs it', async () => {
    // Unit tests run Powertools in its dev mode (the shared vitest config), where it logs through the console.
    const logged: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation((line: unknown) => void logged.push(String(line)));
    }
    const handler = httpHandler(async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.12:8000 (table orders-prod)');
    });

    const response = await handler({} as APIGatewayProxyEvent, context);

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/ECONNREFUSED|orders-prod|stack/);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'internal_error' });
    const failure = logged
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line['message'] === 'request failed');
    expect(failure).toMatchObject({ level: 'ERROR', error: { message: expect.stringContaining('ECONNREFUSED') } });
  });
});
