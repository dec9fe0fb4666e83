import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { MissingConfigurationError } from '@ecommerce/lambda-kit';

/**
 * A secret of the provider's, read at run time and never written anywhere: on AWS from the SSM
 * SecureString named by `<name>_PARAMETER`, locally from `<name>` itself.
 */
const loadSecret = async (name: string, environment: NodeJS.ProcessEnv, ssm: SSMClient): Promise<string> => {
  const parameter = environment[`${name}_PARAMETER`];
  if (parameter) {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    if (!Parameter?.Value) throw new MissingConfigurationError(`SSM parameter ${parameter} has no value`);
    return Parameter.Value;
  }
  const value = environment[name];
  if (!value) throw new MissingConfigurationError(`missing environment variable: ${name}_PARAMETER (or ${name} locally)`);
  return value;
};

/** The provider's secret key (STRIPE_SECRET_KEY_PARAMETER on AWS, STRIPE_SECRET_KEY locally). */
export const loadSecretKey = (environment: NodeJS.ProcessEnv = process.env, ssm = new SSMClient({})): Promise<string> =>
  loadSecret('STRIPE_SECRET_KEY', environment, ssm);

/** The secret the provider signs its webhooks with (STRIPE_WEBHOOK_SECRET_PARAMETER on AWS, STRIPE_WEBHOOK_SECRET locally). */
export const loadWebhookSecret = (environment: NodeJS.ProcessEnv = process.env, ssm = new SSMClient({})): Promise<string> =>
  loadSecret('STRIPE_WEBHOOK_SECRET', environment, ssm);
