/**
 * For unit tests of handlers whose module reads the token issuer's settings as it loads
 * (accessTokenVerifierFromEnvironment): an issuer nobody listens on, on the local stage (whose
 * issuer may be any URL), for tests that verify tokens with a stand-in and never reach it.
 */
export const unreachableTokenIssuer = {
  STAGE: 'local',
  TOKEN_ISSUER: 'http://127.0.0.1:1',
  TOKEN_CLIENT_ID: 'test-client',
} as const;
