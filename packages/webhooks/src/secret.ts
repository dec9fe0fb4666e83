import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/**
 * A webhook signing secret, read at run time and never written into a template: on AWS from the SSM
 * SecureString named by `<name>_PARAMETER`, locally from `<name>` itself (a fixed secret of the
 * local cloud, which guards nothing). Both ends of a webhook read it the same way.
 */
export const loadSigningSecret = async (
  name: string,
  environment: NodeJS.ProcessEnv = process.env,
  ssm: Pick<SSMClient, 'send'> = new SSMClient({}),
): Promise<string> => {
  const parameter = environment[`${name}_PARAMETER`];
  if (parameter) {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
    if (!Parameter?.Value) throw new Error(`SSM parameter ${parameter} has no value`);
    return Parameter.Value;
  }
  const secret = environment[name];
  if (!secret) throw new Error(`missing environment variable: ${name}_PARAMETER (or ${name} locally)`);
  return secret;
};
