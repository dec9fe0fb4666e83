import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sign, verify, WebhookSignatureError } from '../../src/signature.js';

const secret = 'whsec_local_carrier';
const now = 1_800_000_000;
const body = '{"id":"evt_1","type":"parcel.delivered"}';

const refusal = (options: Parameters<typeof verify>[0]): WebhookSignatureError => {
  try {
    verify(options);
  } catch (error) {
    return error as WebhookSignatureError;
  }
  throw new Error('the webhook was accepted');
};

describe('verify', () => {
  it('accepts a body signed with the secret a moment ago, and returns the signed time', () => {
    const header = sign(secret, body, now - 10);

    expect(verify({ header, body, secret, now })).toBe(now - 10);
  });

  it('refuses a tampered body with a 400 that says no signature matches', () => {
    const header = sign(secret, body, now);

    const error = refusal({ header, body: body.replace('delivered', 'returned'), secret, now });

    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe('No v1 signature matches the body.');
  });

  it('refuses a body signed with another secret', () => {
    const header = sign('whsec_someone_else', body, now);

    expect(refusal({ header, body, secret, now }).message).toBe('No v1 signature matches the body.');
  });

  it('refuses a signature older than the tolerance, and one from the future', () => {
    expect(refusal({ header: sign(secret, body, now - 301), body, secret, now }).message).toMatch(/more than 300 seconds old/);
    expect(refusal({ header: sign(secret, body, now + 301), body, secret, now }).message).toMatch(/in the future/);
    expect(verify({ header: sign(secret, body, now - 60), body, secret, now, toleranceSeconds: 60 })).toBe(now - 60);
  });

  it('refuses a missing or empty header', () => {
    expect(refusal({ header: undefined, body, secret, now }).message).toBe('The signature header is missing.');
    expect(refusal({ header: '  ', body, secret, now }).message).toBe('The signature header is missing.');
  });

  it.each([
    ['no timestamp', 'v1=abc'],
    ['no v1', `t=${now}`],
    ['a timestamp that is no number', 't=soon,v1=abc'],
    ['two timestamps', `t=${now},t=${now},v1=abc`],
    ['a part without a key', `t=${now},=abc`],
  ])('refuses a malformed header with %s', (_case, header) => {
    expect(refusal({ header, body, secret, now }).message).toMatch(/^The signature header is malformed/);
  });

  it('accepts a header whose second v1 matches, as while a secret is rolled', () => {
    const good = sign(secret, body, now);
    const header = `t=${now},v1=${'0'.repeat(64)},${good.split(',')[1]},v0=ignored`;

    expect(verify({ header, body, secret, now })).toBe(now);
  });

  it('refuses a v1 that is not 64 hex digits without comparing it', () => {
    expect(refusal({ header: `t=${now},v1=zz`, body, secret, now }).message).toBe('No v1 signature matches the body.');
  });
});

describe('verify, fuzzed', () => {
  const secrets = fc.string({ minLength: 1, maxLength: 40 });
  const bodies = fc.string({ maxLength: 200 });
  const ages = fc.integer({ min: -300, max: 300 });

  it('accepts whatever was signed with the secret within the tolerance', () => {
    fc.assert(
      fc.property(secrets, bodies, ages, (key, raw, age) => {
        expect(verify({ header: sign(key, raw, now - age), body: raw, secret: key, now })).toBe(now - age);
      }),
    );
  });

  it('refuses any other body', () => {
    fc.assert(
      fc.property(secrets, bodies, bodies, (key, raw, other) => {
        fc.pre(raw !== other);
        expect(() => verify({ header: sign(key, raw, now), body: other, secret: key, now })).toThrow(WebhookSignatureError);
      }),
    );
  });

  it('refuses any other secret', () => {
    fc.assert(
      fc.property(secrets, secrets, bodies, (key, other, raw) => {
        fc.pre(key !== other);
        expect(() => verify({ header: sign(key, raw, now), body: raw, secret: other, now })).toThrow(WebhookSignatureError);
      }),
    );
  });

  it('refuses any signature older than the tolerance', () => {
    fc.assert(
      fc.property(secrets, bodies, fc.integer({ min: 301, max: 10 ** 6 }), (key, raw, age) => {
        expect(() => verify({ header: sign(key, raw, now - age), body: raw, secret: key, now })).toThrow(/old/);
      }),
    );
  });

  it('answers any header at all with a value or a WebhookSignatureError, never another error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), bodies, (header, raw) => {
        try {
          verify({ header, body: raw, secret, now });
        } catch (error) {
          expect(error).toBeInstanceOf(WebhookSignatureError);
        }
      }),
    );
  });
});
