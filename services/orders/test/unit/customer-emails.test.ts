import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startTokenIssuer } from '@ecommerce/local-cloud/token-issuer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUserPoolEmails,
  IdentityRefusedError,
  IdentityUnavailableError,
  cachedVerifiedEmails,
  type CustomerEmail,
  type CustomerEmails,
} from '../../src/adapters/customer-emails.js';

// The SDK's GetUser against the local issuer, which speaks Cognito's protocol: the request and the
// answers the adapter reads are the real ones, only the endpoint is another.
describe("the user pool's e-mail of a signed-in customer (GetUser)", () => {
  let issuer: Awaited<ReturnType<typeof startTokenIssuer>>;
  let emails: CustomerEmails;
  const tokenFor = async (username: string, extra: Record<string, string> = {}) => {
    const form = new URLSearchParams({ grant_type: 'password', username, password: 'x', ...extra });
    return ((await (await fetch(`${issuer.url}/token`, { method: 'POST', body: form })).json()) as { access_token: string })
      .access_token;
  };

  beforeAll(async () => {
    issuer = await startTokenIssuer({ host: '127.0.0.1', port: 0, clientId: 'test-client' });
    // GetUser is authorised by the token alone: the client is given no credentials at all.
    emails = createUserPoolEmails(
      new CognitoIdentityProviderClient({ endpoint: issuer.url, region: 'eu-west-1', maxAttempts: 1 }),
    );
  });
  afterAll(() => issuer.stop());

  it('is the address and its verification the user pool holds', async () => {
    expect(await emails.of(await tokenFor('cust-1', { email: 'ada@example.com' }))).toEqual({
      address: 'ada@example.com',
      verified: true,
    });
    expect(await emails.of(await tokenFor('cust-2', { email: 'bob@example.com', email_verified: 'false' }))).toEqual({
      address: 'bob@example.com',
      verified: false,
    });
  });

  it('is refused for a token the user pool does not accept', async () => {
    await expect(emails.of(await tokenFor('cust-3', { expires_in: '-5' }))).rejects.toBeInstanceOf(IdentityRefusedError);
    await expect(emails.of('not-a-token')).rejects.toBeInstanceOf(IdentityRefusedError);
  });

  it('is unavailable when the user pool cannot be reached', async () => {
    const nobody = createUserPoolEmails(
      new CognitoIdentityProviderClient({ endpoint: 'http://127.0.0.1:1', region: 'eu-west-1', maxAttempts: 1 }),
    );

    await expect(nobody.of(await tokenFor('cust-4'))).rejects.toBeInstanceOf(IdentityUnavailableError);
  });
});

describe('verified e-mails kept per token', () => {
  const counting = (answer: CustomerEmail | undefined) => {
    const asked: string[] = [];
    return { asked, emails: { of: async (token: string) => (asked.push(token), answer) } satisfies CustomerEmails };
  };

  it('asks the user pool once per token for as long as a verified answer is kept', async () => {
    const clock = { at: 0 };
    const { asked, emails } = counting({ address: 'ada@example.com', verified: true });
    const kept = cachedVerifiedEmails(emails, { maxAgeMs: 60_000, now: () => clock.at });

    await kept.of('t1');
    clock.at = 59_999;
    await kept.of('t1');
    await kept.of('t2');
    clock.at = 60_000;
    await kept.of('t1');

    expect(asked).toEqual(['t1', 't2', 't1']);
  });

  it('never keeps an unverified or missing address, so that a customer who verifies theirs is let through at once', async () => {
    for (const answer of [{ address: 'ada@example.com', verified: false }, undefined]) {
      const { asked, emails } = counting(answer);
      const kept = cachedVerifiedEmails(emails, { maxAgeMs: 60_000 });

      await kept.of('t1');
      await kept.of('t1');

      expect(asked).toEqual(['t1', 't1']);
    }
  });

  it('keeps at most maxTokens, dropping the oldest', async () => {
    const { asked, emails } = counting({ address: 'ada@example.com', verified: true });
    const kept = cachedVerifiedEmails(emails, { maxAgeMs: 60_000, maxTokens: 2 });

    for (const token of ['t1', 't2', 't3', 't1']) await kept.of(token);

    expect(asked).toEqual(['t1', 't2', 't3', 't1']);
  });
});
