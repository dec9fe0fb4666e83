import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { startTokenIssuer } from '@ecommerce/local-cloud/token-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, createAccessTokenVerifier, jwksUriOf, type VerifyAccessToken } from '../../src/access-token.js';
import { HttpError } from '../../src/http-error.js';
import { callerJsonBodyHandler, json } from '../../src/http.js';

const issuer = 'http://127.0.0.1:3020';
const clientId = 'order-pipeline-local';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

let issuerKey: Key;
let strangerKey: Key;
let verify: VerifyAccessToken;

const accessClaims = (overrides: JWTPayload = {}): JWTPayload => ({
  sub: 'cust-1',
  token_use: 'access',
  client_id: clientId,
  ...overrides,
});

const sign = (claims: JWTPayload, { key = issuerKey, kid = 'issuer-key', expiresIn = '1h' as string | number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The 401 a refused token gets: its message and its challenge. */
const refusal = async (token: string) => {
  const error = await verify(token).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpError);
  const { statusCode, body, headers } = error as HttpError;
  expect(statusCode).toBe(401);
  expect(body.code).toBe('unauthorized');
  expect(headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="/);
  return body.message;
};

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  issuerKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const published = { ...(await exportJWK(pair.publicKey)), kid: 'issuer-key', alg: 'RS256', use: 'sig' };
  verify = createAccessTokenVerifier({ issuer, clientId }, createLocalJWKSet({ keys: [published] }));
});

describe('an access token from the issuer', () => {
  it('names its subject as the caller', async () => {
    await expect(verify(await sign(accessClaims()))).resolves.toEqual({ customerId: 'cust-1', isOperator: false });
  });

  it('makes an operator of a member of the operators group', async () => {
    const token = await sign(accessClaims({ 'cognito:groups': ['support', 'operators'] }));

    await expect(verify(token)).resolves.toEqual({ customerId: 'cust-1', isOperator: true });
  });
});

describe('a token that is refused with 401', () => {
  it('has expired', async () => {
    expect(await refusal(await sign(accessClaims(), { expiresIn: Math.floor(Date.now() / 1000) - 60 }))).toBe(
      'The access token has expired.',
    );
  });

  it('is not valid yet', async () => {
    const token = await sign(accessClaims({ nbf: Math.floor(Date.now() / 1000) + 600 }));

    expect(await refusal(token)).toBe('The access token is not valid yet or lacks a claim.');
  });

  it('is signed with a key the issuer never published, under an unknown key id', async () => {
    const token = await sign(accessClaims(), { key: strangerKey, kid: 'forged' });

    expect(await refusal(token)).toBe('The access token is not signed with a key of the issuer.');
  });

  it("is signed with another key under the issuer's key id", async () => {
    const token = await sign(accessClaims(), { key: strangerKey });

    expect(await refusal(token)).toBe('The access token is not signed with a key of the issuer.');
  });

  it('is not signed at all (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...accessClaims(), iss: issuer, exp: now + 600 })}.`;

    expect(await refusal(token)).toBe('The access token is not signed with an algorithm this API accepts.');
  });

  it("is an HMAC signed with the issuer's public key as its secret", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...accessClaims(), iss: issuer, exp: now + 600 })
      .setProtectedHeader({ alg: 'HS256', kid: 'issuer-key' })
      .sign(new TextEncoder().encode('the public key, as text'));

    expect(await refusal(token)).toBe('The access token is not signed with an algorithm this API accepts.');
  });

  it('comes from another issuer', async () => {
    const token = await new SignJWT(accessClaims())
      .setProtectedHeader({ alg: 'RS256', kid: 'issuer-key' })
      .setIssuer('https://issuer.example')
      .setExpirationTime('1h')
      .sign(issuerKey);

    expect(await refusal(token)).toBe("The access token was not issued by this API's issuer.");
  });

  it('is an ID token', async () => {
    expect(await refusal(await sign(accessClaims({ token_use: 'id', aud: clientId })))).toBe(
      'The access token is not an access token.',
    );
  });

  it('was issued to another app client', async () => {
    expect(await refusal(await sign(accessClaims({ client_id: 'someone-else' })))).toBe(
      'The access token was issued to another client.',
    );
  });

  it('has a subject that cannot be a customer id', async () => {
    expect(await refusal(await sign(accessClaims({ sub: '../orders' })))).toBe(
      'The access token has no subject that names a customer.',
    );
  });

  it('has groups that are not a list of names', async () => {
    expect(await refusal(await sign(accessClaims({ 'cognito:groups': 'operators' })))).toBe(
      'The access token has groups that are not a list of names.',
    );
  });

  it.each(['', 'abc', 'a.b.c', 'only.two'])('is malformed: %j', async (token) => {
    expect(await refusal(token)).toBe('The access token is malformed.');
  });
});

describe('the issuer cannot be reached', () => {
  it('is a failure of ours (500), not a refusal of the caller', async () => {
    const offline = createAccessTokenVerifier({ issuer, clientId }, () => Promise.reject(new TypeError('fetch failed')));

    await expect(offline(await sign(accessClaims()))).rejects.toThrow(TypeError);
  });
});

describe('bearerToken', () => {
  it('takes the token of an Authorization header, whatever the case of its name and scheme', () => {
    expect(bearerToken({ authorization: 'Bearer abc.def.ghi' })).toBe('abc.def.ghi');
    expect(bearerToken({ Authorization: 'bearer abc.def.ghi' })).toBe('abc.def.ghi');
  });

  it('asks for a token, with a bare challenge, when none is sent', () => {
    const error = (() => {
      try {
        bearerToken({ 'content-type': 'application/json' });
      } catch (thrown) {
        return thrown as HttpError;
      }
    })();

    expect(error).toMatchObject({ statusCode: 401, code: 'unauthorized', headers: { 'www-authenticate': 'Bearer' } });
  });

  it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token abc'])('refuses %j', (header) => {
    expect(() => bearerToken({ authorization: header })).toThrow(/not sent as "Authorization: Bearer <token>"/);
  });
});

describe('callerJsonBodyHandler', () => {
  const received: unknown[] = [];
  const handler = callerJsonBodyHandler<{ name: string }>(
    (token) =>
      token === 'good'
        ? Promise.resolve({ customerId: 'cust-1', isOperator: false })
        : Promise.reject(new HttpError(401, 'unauthorized', 'no')),
    (body) => (typeof (body as { name?: unknown }).name === 'string' ? [] : [{ path: '/name', message: 'must be a string' }]),
    async (request) => {
      received.push(request.caller);
      return json(200, {});
    },
  );
  const post = (headers: Record<string, string>, body: string) =>
    ({
      headers: { 'content-type': 'application/json', ...headers },
      body,
      isBase64Encoded: false,
    }) as unknown as APIGatewayProxyEvent;

  it('refuses an anonymous request before it looks at the body', async () => {
    const response = await handler(post({}, '{"name":'), {} as Context);

    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
  });

  it('hands the caller to the handler', async () => {
    const response = await handler(post({ authorization: 'Bearer good' }, '{"name":"Ada"}'), {} as Context);

    expect(response.statusCode).toBe(200);
    expect(received).toEqual([{ customerId: 'cust-1', isOperator: false }]);
  });
});

describe("tokens of the local cloud's issuer, fetched and verified over HTTP", () => {
  let local: Awaited<ReturnType<typeof startTokenIssuer>>;
  let verifyLocal: VerifyAccessToken;
  const tokenFor = async (form: Record<string, string>) => {
    const response = await fetch(`${local.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', password: 'x', ...form }),
    });
    return (await response.json()) as { access_token: string; id_token: string };
  };

  beforeAll(async () => {
    local = await startTokenIssuer({ host: '127.0.0.1', port: 0, clientId });
    verifyLocal = createAccessTokenVerifier({ issuer: local.url, clientId });
  });
  afterAll(() => local.stop());

  it('publish their keys where the verifier derives them from the issuer, as a Cognito user pool does', async () => {
    const discovery = (await (await fetch(`${local.url}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };

    expect(discovery.jwks_uri).toBe(jwksUriOf(local.url));
  });

  it('are accepted, with the subject and groups they were asked for', async () => {
    const { access_token } = await tokenFor({ username: 'cust-7', groups: 'operators' });

    await expect(verifyLocal(access_token)).resolves.toEqual({ customerId: 'cust-7', isOperator: true });
  });

  it('are refused once expired', async () => {
    const { access_token } = await tokenFor({ username: 'cust-7', expires_in: '-1' });

    await expect(verifyLocal(access_token)).rejects.toMatchObject({ statusCode: 401, message: 'The access token has expired.' });
  });

  it('are refused when they are ID tokens', async () => {
    const { id_token } = await tokenFor({ username: 'cust-7' });

    await expect(verifyLocal(id_token)).rejects.toMatchObject({ statusCode: 401 });
  });
});
