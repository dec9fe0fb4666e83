import { localCloud } from '@ecommerce/local-cloud';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';

needs('local-issuer');

const issuer = localCloud.issuer.url;

describe('the local OpenID Connect issuer', () => {
  it('publishes its discovery document and keys where clients look for them', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    const keys = (await (await fetch(discovery['jwks_uri']!)).json()) as { keys: unknown[] };

    expect(discovery).toMatchObject({ issuer, token_endpoint: `${issuer}/token` });
    expect(keys.keys.length).toBeGreaterThan(0);
  });

  it('signs in a customer with the password grant, and an operator with groups=operators', async () => {
    const form = new URLSearchParams({ grant_type: 'password', username: 'cust-contract', password: 'x', groups: 'operators' });
    const response = await fetch(`${issuer}/token`, { method: 'POST', body: form });
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };

    expect(response.status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(decodeJwt(body.access_token)).toMatchObject({ iss: issuer, sub: 'cust-contract', 'cognito:groups': ['operators'] });
  });
});
