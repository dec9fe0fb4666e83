import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { MissingConfigurationError, readEnvironment } from './environment.js';
import { HttpError } from './http-error.js';

/** Who sent a request, as its access token says. */
export interface Caller {
  /** The token's subject: the customer, whose orders are theirs. */
  customerId: string;
  /** In the `operators` group: may read any customer's orders. */
  isOperator: boolean;
}

/**
 * Whether a caller may see what belongs to `customerId` (orders, invoices): their own, or anyone's
 * for an operator, who looks after every customer.
 */
export const maySee = (caller: Caller, customerId: string): boolean => caller.isOperator || caller.customerId === customerId;

/** Checks a bearer token and says who sent it; throws a 401 HttpError for any token it refuses. */
export type VerifyAccessToken = (token: string) => Promise<Caller>;

export interface AccessTokenIssuer {
  /** The issuer's URL, exactly as tokens carry it in `iss`. */
  issuer: string;
  /** The app client the tokens must have been issued to (`client_id`, as in Cognito's access tokens). */
  clientId: string;
}

/**
 * Where an issuer publishes the keys its tokens are signed with: always derived from the issuer, as
 * a Cognito user pool publishes them
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html),
 * and as the local cloud's issuer does too. A key URL of its own would be one more setting that,
 * changed, makes someone else's keys ours.
 */
export const jwksUriOf = (issuer: string): string => `${issuer}/.well-known/jwks.json`;

const operatorsGroup = 'operators';

// A subject is used as a customer id in keys and URLs, so it must be one (as openapi.yaml's Id).
const customerIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** RFC 6750: the scheme, and for a token that was sent but refused, why. */
const challenge = (description?: string) =>
  description === undefined ? 'Bearer' : `Bearer error="invalid_token", error_description="${description}"`;

const unauthenticated = (description?: string): HttpError =>
  new HttpError(
    401,
    'unauthorized',
    description === undefined
      ? 'Sign in first: send an access token as "Authorization: Bearer <token>".'
      : `The access token ${description}.`,
    [],
    { 'www-authenticate': challenge(description === undefined ? undefined : `The access token ${description}`) },
  );

/** What each of jose's refusals (by its error code) means to the client. */
const refusals: Record<string, string> = {
  ERR_JWT_EXPIRED: 'has expired',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'is not valid yet or lacks a claim',
  ERR_JOSE_ALG_NOT_ALLOWED: 'is not signed with an algorithm this API accepts',
  ERR_JOSE_NOT_SUPPORTED: 'is not signed with an algorithm this API accepts',
  ERR_JWKS_NO_MATCHING_KEY: 'is not signed with a key of the issuer',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'is not signed with a key of the issuer',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'is not signed with a key of the issuer',
  ERR_JWS_INVALID: 'is malformed',
  ERR_JWT_INVALID: 'is malformed',
};

const refusalOf = (error: unknown): string | undefined => {
  if (!(error instanceof errors.JOSEError)) return undefined;
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return "was not issued by this API's issuer";
  return refusals[error.code];
};

const claimProblem = (payload: JWTPayload, clientId: string): string | undefined => {
  if (payload.token_use !== 'access') return 'is not an access token';
  if (payload.client_id !== clientId) return 'was issued to another client';
  if (typeof payload.sub !== 'string' || !customerIdPattern.test(payload.sub)) return 'has no subject that names a customer';
  const groups = payload['cognito:groups'];
  if (groups !== undefined && (!Array.isArray(groups) || groups.some((group) => typeof group !== 'string'))) {
    return 'has groups that are not a list of names';
  }
  return undefined;
};

/**
 * Verifies access tokens of one issuer, as Cognito issues them: an RS256 signature by a key the
 * issuer publishes, `iss`, `exp`, `token_use: access` and `client_id`. The keys are fetched once
 * per cold start and again only for a key id not seen before (the issuer rotated its keys).
 * Locally the issuer is the local cloud's, and every check is the same.
 */
export const createAccessTokenVerifier = ({ issuer, clientId }: AccessTokenIssuer, keys?: JWTVerifyGetKey): VerifyAccessToken => {
  const url = new URL(jwksUriOf(issuer));
  // Made on the first token, not at cold start: jose's remote key set builds a fetch `Headers`,
  // which on Node loads the whole fetch implementation (about 35 ms here) that only fetching the
  // keys needs.
  let remoteKeys = keys;
  const keySet: JWTVerifyGetKey = (...args) => (remoteKeys ??= createRemoteJWKSet(url, { timeoutDuration: 3_000 }))(...args);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer, algorithms: ['RS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      const refusal = refusalOf(error);
      // Anything else (the issuer's keys could not be fetched) is our problem, not the caller's: a 500.
      if (refusal === undefined) throw error;
      throw unauthenticated(refusal);
    }
    const problem = claimProblem(payload, clientId);
    if (problem) throw unauthenticated(problem);
    const groups = (payload['cognito:groups'] as string[] | undefined) ?? [];
    return { customerId: payload.sub!, isOperator: groups.includes(operatorsGroup) };
  };
};

/** The token of an `Authorization: Bearer <token>` header; a 401 when there is none or it is of another scheme. */
export const bearerToken = (headers: Record<string, string | undefined> | null | undefined): string => {
  const values = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() === 'authorization');
  if (values.length === 0) throw unauthenticated();
  const match = /^Bearer +([A-Za-z0-9_.~+/-]+=*) *$/i.exec(values[0]![1] ?? '');
  if (values.length > 1 || !match) throw unauthenticated('is not sent as "Authorization: Bearer <token>"');
  return match[1]!;
};

// A user pool's issuer: https://cognito-idp.<region>.amazonaws.com/<pool id>, whose id is
// <region>_<letters and digits> (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolType.html).
const cognitoIssuerPattern = /^https:\/\/cognito-idp\.([a-z0-9-]+)\.amazonaws\.com\/\1_[A-Za-z0-9]+$/;

// An app client's id (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html).
const cognitoClientIdPattern = /^[\w+]{1,128}$/;

/** The stage whose functions trust the local cloud's issuer (tools/local-cloud/token-issuer.mjs). */
const localStage = 'local';

/**
 * The issuer a function's environment names, checked once at cold start: STAGE, TOKEN_ISSUER and
 * TOKEN_CLIENT_ID. On every stage but `local` the issuer must be a Cognito user pool of the
 * function's own region (AWS_REGION), so that whoever can change a deploy-time setting can still
 * not point the functions at keys of their own; a value of any other form stops the cold start,
 * naming the variable and what it must be (never echoing the value). Locally it is the local
 * cloud's issuer, at whatever URL the local cloud gives it.
 */
export const accessTokenIssuerFromEnvironment = (environment: NodeJS.ProcessEnv = process.env): AccessTokenIssuer => {
  const env = readEnvironment(['STAGE', 'TOKEN_ISSUER', 'TOKEN_CLIENT_ID'], environment);
  const settings = { issuer: env.TOKEN_ISSUER, clientId: env.TOKEN_CLIENT_ID };
  if (env.STAGE === localStage) {
    if (!URL.canParse(settings.issuer)) {
      throw new MissingConfigurationError('TOKEN_ISSUER must be the URL of the local issuer, such as http://127.0.0.1:3020');
    }
    return settings;
  }
  const { AWS_REGION: region } = readEnvironment(['AWS_REGION'], environment);
  if (cognitoIssuerPattern.exec(settings.issuer)?.[1] !== region) {
    throw new MissingConfigurationError(
      `TOKEN_ISSUER must be the issuer of a Cognito user pool of this function's region on stage ${env.STAGE}: https://cognito-idp.${region}.amazonaws.com/${region}_<pool id>`,
    );
  }
  if (!cognitoClientIdPattern.test(settings.clientId)) {
    throw new MissingConfigurationError(
      `TOKEN_CLIENT_ID must be the id of an app client of the user pool on stage ${env.STAGE}: 1 to 128 letters, digits, _ or +`,
    );
  }
  return settings;
};

/** The verifier of a function that customers call, for the issuer its environment names (accessTokenIssuerFromEnvironment). */
export const accessTokenVerifierFromEnvironment = (environment: NodeJS.ProcessEnv = process.env): VerifyAccessToken =>
  createAccessTokenVerifier(accessTokenIssuerFromEnvironment(environment));
