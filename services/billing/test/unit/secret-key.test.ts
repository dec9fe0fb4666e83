import { describe, expect, it } from 'vitest';
import { loadSecretKey, loadWebhookSecret } from '../../src/adapters/secret-key.js';

const ssmAnswering = (value: string | undefined, asked: unknown[] = []) =>
  ({ send: async (command: { input: unknown }) => (asked.push(command.input), { Parameter: { Value: value } }) }) as never;

describe('loadSecretKey', () => {
  it('reads the SecureString named by STRIPE_SECRET_KEY_PARAMETER, decrypted', async () => {
    const asked: unknown[] = [];

    const key = await loadSecretKey(
      { STRIPE_SECRET_KEY_PARAMETER: '/ecommerce/dev/billing/stripe-secret-key' },
      ssmAnswering('sk_live_x', asked),
    );

    expect(key).toBe('sk_live_x');
    expect(asked).toEqual([{ Name: '/ecommerce/dev/billing/stripe-secret-key', WithDecryption: true }]);
  });

  it('falls back to STRIPE_SECRET_KEY locally', async () => {
    expect(
      await loadSecretKey({ STRIPE_SECRET_KEY_PARAMETER: '', STRIPE_SECRET_KEY: 'sk_test_local' }, ssmAnswering(undefined)),
    ).toBe('sk_test_local');
  });

  it('fails loudly, naming both variables, when neither is set', async () => {
    await expect(loadSecretKey({}, ssmAnswering(undefined))).rejects.toThrow(
      'STRIPE_SECRET_KEY_PARAMETER (or STRIPE_SECRET_KEY locally)',
    );
  });
});

describe('loadWebhookSecret', () => {
  it('reads its own SecureString on AWS and its own variable locally', async () => {
    const asked: unknown[] = [];

    expect(
      await loadWebhookSecret(
        { STRIPE_WEBHOOK_SECRET_PARAMETER: '/ecommerce/dev/billing/stripe-webhook-secret', STRIPE_SECRET_KEY: 'sk_x' },
        ssmAnswering('whsec_live', asked),
      ),
    ).toBe('whsec_live');
    expect(asked).toEqual([{ Name: '/ecommerce/dev/billing/stripe-webhook-secret', WithDecryption: true }]);
    expect(await loadWebhookSecret({ STRIPE_WEBHOOK_SECRET: 'whsec_local' }, ssmAnswering(undefined))).toBe('whsec_local');
    await expect(loadWebhookSecret({ STRIPE_SECRET_KEY: 'sk_x' }, ssmAnswering(undefined))).rejects.toThrow(
      'STRIPE_WEBHOOK_SECRET_PARAMETER (or STRIPE_WEBHOOK_SECRET locally)',
    );
  });
});
