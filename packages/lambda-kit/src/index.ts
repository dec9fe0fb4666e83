export { MissingConfigurationError, readEnvironment } from './environment.js';
export {
  HttpError,
  httpErrors,
  httpHandler,
  invalidRequest,
  json,
  jsonBodyHandler,
  maxBodyBytes,
  pathParameter,
  shapeIssues,
} from './http.js';
export type { ErrorBody, JsonRequest } from './http.js';
export { createSignedFetch } from './signed-fetch.js';
export type { SignedFetchOptions } from './signed-fetch.js';
export { retryBudget, retryTransient } from './retry.js';
export type { RetryOptions } from './retry.js';
export { createDocumentClient, getItem, isConditionFailure } from './dynamodb.js';
