import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessTokenIssuerFromEnvironment, jwksUriOf } from '../../src/access-token.js';
import { MissingConfigurationError } from '../../src/environment.js';

const region = 'eu-west-1';
const poolIssuer = `https://cognito-idp.${region}.amazonaws.com/${region}_AbC123xyz`;
const onAws = { STAGE: 'qa', AWS_REGION: region, TOKEN_ISSUER: poolIssuer, TOKEN_CLIENT_ID: '4lbt7a0mmd1c9oqbs0ht5e7h9m' };

const refusal = (environment: NodeJS.ProcessEnv): MissingConfigurationError => {
  try {
    accessTokenIssuerFromEnvironment(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(MissingConfigurationError);
    return error as MissingConfigurationError;
  }
  throw new Error('the settings were accepted');
};

describe('the token issuer on a stage on AWS', () => {
  it("is accepted when it is a user pool of the function's region, its keys where the pool publishes them", () => {
    const settings = accessTokenIssuerFromEnvironment(onAws);

    expect(settings).toEqual({ issuer: poolIssuer, clientId: onAws.TOKEN_CLIENT_ID });
    expect(jwksUriOf(settings.issuer)).toBe(`${poolIssuer}/.well-known/jwks.json`);
  });

  it.each([
    ['any other host', 'https://issuer.example/eu-west-1_AbC123xyz'],
    ['the local issuer', 'http://127.0.0.1:3020'],
    ['plain http', `http://cognito-idp.${region}.amazonaws.com/${region}_AbC123xyz`],
    ['a user pool of another region', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz'],
    ['a pool id of another region than its host', `https://cognito-idp.${region}.amazonaws.com/us-east-1_AbC123xyz`],
    ['a host that only starts like Cognito', `https://cognito-idp.${region}.amazonaws.com.issuer.example/${region}_AbC123xyz`],
    ['user info before the host', `https://cognito-idp.${region}.amazonaws.com@issuer.example/${region}_AbC123xyz`],
    ['a path after the pool', `${poolIssuer}/keys`],
    ['a trailing slash', `${poolIssuer}/`],
    ['a query', `${poolIssuer}?jwks=https://issuer.example`],
    ['a line break after the pool', `${poolIssuer}\n`],
    ['an intrinsic that never resolved', '[object Object]'],
  ])('stops the cold start when it is %s, naming the variable and what it must be, not the value', (_, value) => {
    const { message } = refusal({ ...onAws, TOKEN_ISSUER: value });

    expect(message).toBe(
      "TOKEN_ISSUER must be the issuer of a Cognito user pool of this function's region on stage qa: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_<pool id>",
    );
    expect(message).not.toContain(value);
  });

  it.each(['[object Object]', 'a b', 'x'.repeat(129)])('stops the cold start for a client id %j, by name', (value) => {
    expect(refusal({ ...onAws, TOKEN_CLIENT_ID: value }).message).toMatch(/^TOKEN_CLIENT_ID must be the id of an app client/);
  });

  it('needs the region it runs in', () => {
    expect(refusal({ ...onAws, AWS_REGION: undefined }).message).toBe('missing environment variable: AWS_REGION');
  });

  it('is decided by the stage, never by what the issuer looks like', () => {
    expect(refusal({ ...onAws, STAGE: undefined }).message).toBe('missing environment variable: STAGE');
    expect(() => accessTokenIssuerFromEnvironment({ ...onAws, STAGE: 'Local' })).not.toThrow();
    expect(() => accessTokenIssuerFromEnvironment({ ...onAws, STAGE: 'Local', TOKEN_ISSUER: 'http://127.0.0.1:3020' })).toThrow(
      MissingConfigurationError,
    );
  });

  // What a URL parser says a user pool's issuer is: the oracle for strings nobody thought of.
  const isPoolIssuerOfRegion = (value: string): boolean => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (
      url.href === value &&
      url.protocol === 'https:' &&
      url.host === `cognito-idp.${region}.amazonaws.com` &&
      url.username === '' &&
      /^\/eu-west-1_[A-Za-z0-9]+$/.test(url.pathname) &&
      // An empty query or fragment ("…?", "…#") parses to an empty search and hash, yet is no issuer.
      !/[?#]/.test(value)
    );
  };

  it('is accepted exactly when it is a user pool of the region, whatever hostile string it is', () => {
    const piece = fc.constantFrom(
      'https://',
      'http://',
      'cognito-idp.',
      `${region}`,
      'us-east-1',
      '.amazonaws.com',
      '.example',
      '/',
      '@',
      ':443',
      '?',
      '#',
      '%2F',
      '_',
      'AbC123',
      '..',
      '\n',
      ' ',
      'é',
    );
    const hostile = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join('')),
      fc
        .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
        .map(([before, after]) => `${before}${poolIssuer}${after}`),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.stringMatching(/^[A-Za-z0-9]{1,20}$/).map((id) => `https://cognito-idp.${region}.amazonaws.com/${region}_${id}`),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        const accepted = (() => {
          try {
            accessTokenIssuerFromEnvironment({ ...onAws, TOKEN_ISSUER: value });
            return true;
          } catch (error) {
            if (!(error instanceof MissingConfigurationError)) throw error;
            return false;
          }
        })();
        expect(accepted).toBe(isPoolIssuerOfRegion(value));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('the token issuer on the local stage', () => {
  it("is the local cloud's, at any URL, with its keys where it publishes them", () => {
    const settings = accessTokenIssuerFromEnvironment({
      STAGE: 'local',
      TOKEN_ISSUER: 'http://127.0.0.1:3020',
      TOKEN_CLIENT_ID: 'order-pipeline-local',
    });

    expect(settings).toEqual({ issuer: 'http://127.0.0.1:3020', clientId: 'order-pipeline-local' });
    expect(jwksUriOf(settings.issuer)).toBe('http://127.0.0.1:3020/.well-known/jwks.json');
  });

  it('must still be a URL', () => {
    expect(refusal({ STAGE: 'local', TOKEN_ISSUER: 'issuer', TOKEN_CLIENT_ID: 'c' }).message).toMatch(
      /^TOKEN_ISSUER must be the URL/,
    );
  });

  it('names every missing setting at once', () => {
    expect(refusal({}).message).toBe('missing environment variables: STAGE, TOKEN_ISSUER, TOKEN_CLIENT_ID');
  });
});
