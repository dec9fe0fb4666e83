import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { ValidationIssue } from '@ecommerce/json-validation';
import { correlate, logger, observed } from '@ecommerce/observability';
import { bearerToken, type Caller, type VerifyAccessToken } from './access-token.js';
import { HttpError, invalidRequest, type ErrorBody } from './http-error.js';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/**
 * A path parameter that passes `check`; a 400 naming the parameter otherwise.
 */
export const pathParameter = (
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
  name: string,
  check: (value: string) => ValidationIssue[],
): string => {
  const value = request.pathParameters?.[name] ?? '';
  const issues = check(value);
  if (issues.length > 0) throw invalidRequest(issues.map((issue) => ({ ...issue, path: name })));
  return value;
};

const baseHeaders = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { ...baseHeaders, ...headers },
  body: JSON.stringify(body),
});

/** What @middy/http-json-body-parser throws, told apart by its message, with the status each deserves. */
const parserErrors: Record<string, HttpError> = {
  'Unsupported Media Type': new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.'),
  'Invalid or malformed JSON was provided': new HttpError(422, 'malformed_json', 'The body is not valid JSON.'),
};

const asHttpError = (error: unknown): HttpError | undefined => {
  if (error instanceof HttpError) return error;
  const cause = (error as { cause?: { package?: string } }).cause;
  if (cause?.package === '@middy/http-json-body-parser') return parserErrors[(error as Error).message];
  return undefined;
};

/**
 * Turns every error into a JSON response. Errors meant for the client (below 500) are shown;
 * anything else is logged and answered with a 500 that reveals nothing of the internals.
 */
export const httpErrors = (): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: async (request) => {
    const clientError = asHttpError(request.error);
    if (clientError) {
      request.response = json(clientError.statusCode, clientError.body, clientError.headers);
      return;
    }
    logger.error('request failed', request.error as Error);
    request.response = json(500, {
      code: 'internal_error',
      message: 'Something went wrong on our side. Please try again later.',
      details: [],
    } satisfies ErrorBody);
  },
});

/** The largest body any endpoint accepts; an order of 50 lines is far below it. */
export const maxBodyBytes = 32 * 1024;
const maxDepth = 16;
const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Refuses a body too large to be an honest request before anything parses it. */
const boundedBody = (): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  before: async ({ event }) => {
    const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (size > maxBodyBytes) {
      throw new HttpError(413, 'payload_too_large', `The body is ${size} bytes; at most ${maxBodyBytes} are accepted.`);
    }
  },
});

/**
 * What no schema should have to say about a parsed body: it is not nested deeper than any request
 * needs, its keys cannot reach an object's prototype, and its strings are well-formed Unicode (a
 * lone surrogate would fail later, in a store or an email, as a 500). Walked without recursion, so
 * that hostile nesting cannot exhaust the stack.
 */
export const shapeIssues = (body: unknown): ValidationIssue[] => {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (!value.isWellFormed()) return [{ path, message: 'must be well-formed Unicode' }];
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= maxDepth) return [{ path, message: `must not be nested more than ${maxDepth} levels deep` }];
      for (const [key, child] of Object.entries(value)) {
        const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (forbiddenKeys.has(key)) return [{ path: childPath, message: `must not be named ${key}` }];
        if (!key.isWellFormed()) return [{ path, message: 'must have keys in well-formed Unicode' }];
        pending.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return [];
};

/** Rejects a body that does not pass `check`, listing every issue; the handler then gets it typed. */
const validBody = <T>(
  check: (body: unknown) => ValidationIssue[],
): MiddlewareObj<APIGatewayProxyEvent & { body: T }, APIGatewayProxyResult> => ({
  before: async (request) => {
    const shape = shapeIssues(request.event.body);
    if (shape.length > 0) throw invalidRequest(shape);
    const issues = check(request.event.body);
    if (issues.length > 0) throw invalidRequest(issues);
  },
});

export type JsonRequest<T> = Omit<APIGatewayProxyEvent, 'body'> & { body: T };

/** A request from a signed-in customer or operator: `caller` is who its access token names. */
export type CallerRequest<E = APIGatewayProxyEvent> = E & { caller: Caller };

/**
 * Answers 401 unless the request carries a valid access token, before anything else looks at it
 * (an anonymous caller learns nothing from validation errors); the handler finds its caller in
 * `request.caller`.
 */
const signedIn = (verify: VerifyAccessToken): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  before: async ({ event }) => {
    (event as CallerRequest).caller = await verify(bearerToken(event.headers));
  },
});

type Handler<E> = (request: E, context: Context) => Promise<APIGatewayProxyResult>;
type Middleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>;

/** One line per request, with the order it is about: what was asked, and how it was answered. */
const accessLog = (): Middleware => {
  const line = ({ event, response }: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null }) => {
    const { httpMethod, resource, path } = event;
    const status = response?.statusCode ?? 500;
    logger[status >= 500 ? 'error' : 'info'](`${httpMethod} ${resource ?? path} ${status}`);
  };
  return {
    before: async ({ event }) => {
      const orderId = event.pathParameters?.['orderId'];
      if (orderId) correlate({ orderId });
    },
    after: async (request) => line(request),
    onError: async (request) => line(request),
  };
};

const apiHandler = <E>(
  middlewares: Middleware[],
  handler: Handler<E>,
): MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> =>
  middlewares
    .reduce(
      (pipeline, middleware) => pipeline.use(middleware),
      middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
        .use(observed<APIGatewayProxyEvent, APIGatewayProxyResult>())
        .use(accessLog())
        .use(httpErrors()),
    )
    .handler(handler as unknown as Handler<APIGatewayProxyEvent>);

/** 413 for a body over 32 KiB, 415 for another content type, 422 for malformed JSON, 400 listing every schema violation. */
const jsonBody = <T>(check: (body: unknown) => ValidationIssue[]): Middleware[] => [
  boundedBody(),
  httpJsonBodyParser({ disableContentTypeError: false }) as Middleware,
  validBody<T>(check) as unknown as Middleware,
];

/** An API Gateway handler whose JSON body is parsed and checked before it runs; a clean 500 for anything unexpected. */
export const jsonBodyHandler = <T>(check: (body: unknown) => ValidationIssue[], handler: Handler<JsonRequest<T>>) =>
  apiHandler(jsonBody<T>(check), handler);

/** An API Gateway handler without a body (GET): errors handled as in jsonBodyHandler. */
export const httpHandler = (handler: Handler<APIGatewayProxyEvent>) => apiHandler([], handler);

/** jsonBodyHandler for signed-in callers only. */
export const callerJsonBodyHandler = <T>(
  verify: VerifyAccessToken,
  check: (body: unknown) => ValidationIssue[],
  handler: Handler<CallerRequest<JsonRequest<T>>>,
) => apiHandler([signedIn(verify), ...jsonBody<T>(check)], handler);

/** httpHandler for signed-in callers only. */
export const callerHandler = (verify: VerifyAccessToken, handler: Handler<CallerRequest>) =>
  apiHandler([signedIn(verify)], handler);
