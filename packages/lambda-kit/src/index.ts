export { MissingConfigurationError, readEnvironment } from './environment.js';
export { HttpError, invalidRequest } from './http-error.js';
export type { ErrorBody } from './http-error.js';
export {
  callerHandler,
  callerJsonBodyHandler,
  httpErrors,
  httpHandler,
  json,
  jsonBodyHandler,
  maxBodyBytes,
  pathParameter,
  shapeIssues,
} from './http.js';
export type { CallerRequest, JsonRequest } from './http.js';
export { accessTokenVerifierFromEnvironment, bearerToken, maySee } from './access-token.js';
export type { Caller, VerifyAccessToken } from './access-token.js';
export { createSignedFetch } from './signed-fetch.js';
export type { SignedFetchOptions } from './signed-fetch.js';
export { retryBudget, retryTransient } from './retry.js';
export type { RetryOptions } from './retry.js';
export { createDocumentClient, getItem, isConditionFailure } from './dynamodb.js';
export { encodeCursor, pageRequest } from './pages.js';
