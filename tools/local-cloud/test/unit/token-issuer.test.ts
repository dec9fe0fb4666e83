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
    expect(payload).toMatchObject({
      sub: 'cust-42',
      token_use: 'access',
      client_id: clientId,
      username: 'cust-42',
      scope: 'aws.cognito.signin.user.admin',
    });
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

/** Cognito's GetUser, as the SDK sends it (the JSON 1.1 protocol, the operation in x-amz-target). */
const getUser = async (accessToken: unknown, target = 'AWSCognitoIdentityProviderService.GetUser') => {
  const response = await fetch(`${issuer.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body: JSON.stringify({ AccessToken: accessToken }),
  });
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-errortype'),
    body: (await response.json()) as { Username?: string; UserAttributes: Array<{ Name: string; Value: string }> },
  };
};

const accessTokenOf = async (extra: Record<string, string> = {}, username = 'cust-42') =>
  ((await (await requestToken({ grant_type: 'password', username, password: 'x', ...extra })).json()) as Record<string, string>)
    .access_token!;

const attributesOf = (body: { UserAttributes: Array<{ Name: string; Value: string }> }) =>
  Object.fromEntries(body.UserAttributes.map(({ Name, Value }) => [Name, Value]));

describe("the user's e-mail address, as the user pool holds it", () => {
  it("is <username>@example.com and verified unless the sign-in names one, as Cognito's GetUser answers it", async () => {
    const { status, body } = await getUser(await accessTokenOf({}, 'cust-mail-1'));

    expect(status).toBe(200);
    expect(body.Username).toBe('cust-mail-1');
    expect(attributesOf(body)).toEqual({ sub: 'cust-mail-1', email: 'cust-mail-1@example.com', email_verified: 'true' });
  });

  it('is the address the sign-in names, unverified when it says so', async () => {
    const verified = await getUser(await accessTokenOf({ email: 'ada@analytical.example' }, 'cust-mail-2'));
    const unverified = await getUser(
      await accessTokenOf({ email: 'ada@analytical.example', email_verified: 'false' }, 'cust-mail-3'),
    );

    expect(attributesOf(verified.body)).toMatchObject({ email: 'ada@analytical.example', email_verified: 'true' });
    expect(attributesOf(unverified.body)).toMatchObject({ email: 'ada@analytical.example', email_verified: 'false' });
  });

  it("is the user's, not the token's: the latest sign-in sets it, for every token of that user", async () => {
    const first = await accessTokenOf({ email: 'old@example.com' }, 'cust-mail-4');
    await accessTokenOf({ email: 'new@example.com' }, 'cust-mail-4');

    expect(attributesOf((await getUser(first)).body)).toMatchObject({ email: 'new@example.com' });
  });

  it('is in the ID token too, as Cognito puts it there', async () => {
    const body = (await (
      await requestToken({ grant_type: 'password', username: 'cust-mail-5', password: 'x', email_verified: 'false' })
    ).json()) as Record<string, string>;
    const { payload } = await jwtVerify(body.id_token!, createRemoteJWKSet(new URL(`${issuer.url}/.well-known/jwks.json`)));

    expect(payload).toMatchObject({ email: 'cust-mail-5@example.com', email_verified: false });
  });

  it.each([
    [
      'a token this issuer never signed',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXN0LTQyIn0.c2ln',
      'NotAuthorizedException',
      'Invalid Access Token',
    ],
    ['an expired token', async () => accessTokenOf({ expires_in: '-60' }), 'NotAuthorizedException', 'Access Token has expired'],
    [
      'an ID token',
      async () => ((await (await passwordGrant()).json()) as Record<string, string>).id_token!,
      'NotAuthorizedException',
      'Invalid Access Token',
    ],
  ])('refuses %s as Cognito does', async (_, token, type, message) => {
    const { status, errorType, body } = await getUser(typeof token === 'function' ? await token() : token);

    expect({ status, errorType, body }).toEqual({ status: 400, errorType: type, body: { __type: type, message } });
  });

  it('answers only GetUser, and only with an access token', async () => {
    expect((await getUser(await accessTokenOf(), 'AWSCognitoIdentityProviderService.AdminGetUser')).errorType).toBe(
      'UnknownOperationException',
    );
    expect((await getUser(42)).errorType).toBe('InvalidParameterException');
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
    [{ grant_type: 'password', username: 'cust-42', password: 'x', email: 'not an address' }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'cust-42', password: 'x', email: `${'a'.repeat(250)}@x.io` }, 400, 'invalid_request'],
    [{ grant_type: 'password', username: 'cust-42', password: 'x', email_verified: 'yes' }, 400, 'invalid_request'],
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
