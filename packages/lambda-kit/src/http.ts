import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { ValidationIssue } from '@ecommerce/json-validation';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The body of every error response: `code` for programs, `message` for people, `details` per problem. */
export interface ErrorBody {
  code: string;
  message: string;
  details: ValidationIssue[];
}

/** An error a client can act on: its status is below 500 and its body is shown as it is. */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ValidationIssue[] = [],
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const invalidRequest = (details: ValidationIssue[]): HttpError =>
  new HttpError(400, 'invalid_request', 'The request is not valid; see details.', details);

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
      request.response = json(clientError.statusCode, clientError.body);
      return;
    }
    const error = request.error as Error;
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'request failed',
        error: { name: error.name, message: error.message, stack: error.stack },
      }),
    );
    request.response = json(500, {
      code: 'internal_error',
      message: 'Something went wrong on our side. Please try again later.',
      details: [],
    } satisfies ErrorBody);
  },
});

/** Rejects a body that does not pass `check`, listing every issue; the handler then gets it typed. */
const validBody = <T>(
  check: (body: unknown) => ValidationIssue[],
): MiddlewareObj<APIGatewayProxyEvent & { body: T }, APIGatewayProxyResult> => ({
  before: async (request) => {
    const issues = check(request.event.body);
    if (issues.length > 0) throw invalidRequest(issues);
  },
});

export type JsonRequest<T> = Omit<APIGatewayProxyEvent, 'body'> & { body: T };

/**
 * An API Gateway handler whose JSON body is parsed and checked before it runs: 415 for another
 * content type, 422 for malformed JSON, 400 listing every schema violation, a clean 500 otherwise.
 */
export const jsonBodyHandler = <T>(
  check: (body: unknown) => ValidationIssue[],
  handler: (request: JsonRequest<T>, context: Context) => Promise<APIGatewayProxyResult>,
): MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(httpErrors())
    .use(httpJsonBodyParser({ disableContentTypeError: false }))
    .use(validBody<T>(check) as unknown as MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>)
    .handler(handler as unknown as (request: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>);

/** An API Gateway handler without a body (GET): errors handled as in jsonBodyHandler. */
export const httpHandler = (
  handler: (request: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>,
): MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>().use(httpErrors()).handler(handler);
