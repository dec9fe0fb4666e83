import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTokenIssuer } from '../../token-issuer.mjs';

const clientId = 'order-pipeline-local';
let issuer: Awaited<ReturnType<typeof startTokenIssuer>>;

const requestToken = (form: Record<string, string>, contentType = 'application/x-www-form-urlencoded') =>
  fetch(`${issuer.url}/token`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new URLSearchParams(form).toString(),
  });

const passwordGrant = (extra: Record<string, string> = {}) =>
  requestToken({ grant_type: 'password', username: 'cust-42', password: 'anything', ...extra });

beforeAll(async () => {
  issuer = await startTokenIssuer({ host: '127.0.0.1', port: 0, clientId });
});
afterAll(() => issuer.stop());

describe('discovery', () => {
  it('names the issuer, its token endpoint and where its keys are', async () => {
    const response = await fetch(`${issuer.url}/.well-known/openid-configuration`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      issuer: issuer.url,
      token_endpoint: `${issuer.url}/token`,
      jwks_uri: `${issuer.url}/.well-known/jwks.json`,
      grant_types_supported: ['password'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  });

  it('publishes public keys only', async () => {
    const { keys } = (await (await fetch(`${issuer.url}/.well-known/jwks.json`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };

    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]).not.toHaveProperty('d');
  });
});

describe('the password grant', () => {
  it("answers an access token shaped as Cognito's, signed with a published key, for the username", async () => {
    const response = await passwordGrant();
    const body = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const { payload } = await jwtVerify(
      body.access_token as string,
      createRemoteJWKSet(new URL(`${issuer.url}/.well-known/jwks.json`)),
      {
        issuer: issuer.url,
        algorithms: ['RS256'],
      },
    );
    expect(payload).toMatchObject({ sub: 'cust-42', token_use: 'access', client_id: clientId, username: 'cust-42' });
    expect(payload).not.toHaveProperty('cognito:groups');
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(decodeProtectedHeader(body.access_token as string)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
  });

  it('carries the groups asked for in cognito:groups, in both tokens', async () => {
    const body = (await (await passwordGrant({ groups: 'operators' })).json()) as Record<string, string>;

    for (const token of [body.access_token!, body.id_token!]) {
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuer.url}/.well-known/jwks.json`)));
      expect(payload['cognito:groups']).toEqual(['operators']);
    }
  });

  it('gives an ID token for the same user, for the client', async () => {
    const body = (await (await passwordGrant()).json()) as Record<string, string>;
    const { payload } = await jwtVerify(body.id_token!, createRemoteJWKSet(new URL(`${issuer.url}/.well-known/jwks.json`)), {
      audience: clientId,
    });

    expect(payload).toMatchObject({ sub: 'cust-42', token_use: 'id', 'cognito:username': 'cust-42' });
  });

  it('gives a token of the lifetime asked for, already expired if that is asked', async () => {
    const body = (await (await passwordGrant({ expires_in: '-60' })).json()) as Record<string, string>;
    const claims = JSON.parse(Buffer.from(body.access_token!.split('.')[1]!, 'base64url').toString()) as { exp: number };

    expect(claims.exp).toBeLessThan(Date.now() / 1000);
  });
});

describe('a token request that is refused', () => {
  it.each([
    [{ grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
    [{ username: 'cust-42', password: 'x' }, 400, 'invalid_request'],
    [{ grant_type: 'password', password: 'x' }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: '../admin', password: 'x' }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'cust-42' }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'cust-42', password: 'x', groups: 'admins' }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'cust-42', password: 'x', client_id: 'another' }, 401, 'invalid_client'],
    [{ grant_type: 'password', username: 'cust-42', password: 'x', expires_in: 'soon' }, 400, 'invalid_request'],
  ])('%j is answered %i %s', async (form, status, error) => {
    const response = await requestToken(form);

    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error, error_description: expect.any(String) });
  });

  it('is not form-encoded', async () => {
    const response = await requestToken({ grant_type: 'password' }, 'application/json');

    expect(response.status).toBe(400);
  });

  it('names a field twice', async () => {
    const response = await fetch(`${issuer.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=password&username=cust-42&username=cust-43&password=x',
    });

    expect(response.status).toBe(400);
  });
});
