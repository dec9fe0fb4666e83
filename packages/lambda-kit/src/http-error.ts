import type { ValidationIssue } from '@ecommerce/json-validation';

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
    /** Headers the answer needs, such as a 401's `WWW-Authenticate`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get body(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export const invalidRequest = (details: ValidationIssue[]): HttpError =>
  new HttpError(400, 'invalid_request', 'The request is not valid; see details.', details);
