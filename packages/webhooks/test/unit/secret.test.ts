import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { loadSigningSecret } from '../../src/secret.js';

const ssmHolding = (value: string | undefined) => {
  const asked: unknown[] = [];
  return {
    asked,
    ssm: {
      send: async (command: GetParameterCommand) => {
        asked.push(command.input);
        return { Parameter: value === undefined ? undefined : { Value: value } };
      },
    } as never,
  };
};

describe('loadSigningSecret', () => {
  it('reads the SecureString the parameter variable names, decrypted', async () => {
    const { asked, ssm } = ssmHolding('whsec_from_ssm');

    const secret = await loadSigningSecret(
      'CARRIER_WEBHOOK_SECRET',
      { CARRIER_WEBHOOK_SECRET_PARAMETER: '/ecommerce/dev/x' },
      ssm,
    );

    expect(secret).toBe('whsec_from_ssm');
    expect(asked).toEqual([{ Name: '/ecommerce/dev/x', WithDecryption: true }]);
  });

  it('takes the local secret from the variable itself when no parameter is named', async () => {
    const { asked, ssm } = ssmHolding(undefined);

    expect(await loadSigningSecret('CARRIER_WEBHOOK_SECRET', { CARRIER_WEBHOOK_SECRET: 'whsec_local' }, ssm)).toBe('whsec_local');
    expect(asked).toEqual([]);
  });

  it('fails loudly with neither, or with an empty parameter', async () => {
    await expect(loadSigningSecret('CARRIER_WEBHOOK_SECRET', {}, ssmHolding(undefined).ssm)).rejects.toThrow(
      'missing environment variable: CARRIER_WEBHOOK_SECRET_PARAMETER (or CARRIER_WEBHOOK_SECRET locally)',
    );
    await expect(
      loadSigningSecret('CARRIER_WEBHOOK_SECRET', { CARRIER_WEBHOOK_SECRET_PARAMETER: '/p' }, ssmHolding(undefined).ssm),
    ).rejects.toThrow('SSM parameter /p has no value');
  });
});
