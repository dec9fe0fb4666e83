import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { MissingConfigurationError } from '@ecommerce/lambda-kit';

/**
 * The provider's secret key, read at run time and never written anywhere: on AWS from the SSM
 * SecureString named by STRIPE_SECRET_KEY_PARAMETER, locally from STRIPE_SECRET_KEY.
 */
export const loadSecretKey = async (environment: NodeJS.ProcessEnv = process.env, ssm = new SSMClient({})): Promise<string> => {
  const parameter = environment['STRIPE_SECRET_KEY_PARAMETER'];
  if (parameter) {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    if (!Parameter?.Value) throw new MissingConfigurationError(`SSM parameter ${parameter} has no value`);
    return Parameter.Value;
  }
  const key = environment['STRIPE_SECRET_KEY'];
  if (!key)
    throw new MissingConfigurationError(
      'missing environment variable: STRIPE_SECRET_KEY_PARAMETER (or STRIPE_SECRET_KEY locally)',
    );
  return key;
};
