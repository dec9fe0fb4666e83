import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';

/** The parameters of `names` that do not exist on the stage (GetParameters takes ten names at a time). */
export const missingParameters = async (ssm: SSMClient, names: string[]): Promise<string[]> => {
  const missing: string[] = [];
  for (let start = 0; start < names.length; start += 10) {
    const { InvalidParameters = [] } = await ssm.send(new GetParametersCommand({ Names: names.slice(start, start + 10) }));
    missing.push(...InvalidParameters);
  }
  return missing.sort();
};

/** The AWS CLI command that sets a parameter: a secret (its name says so) is a SecureString. */
export const commandToSet = (name: string, region: string): string =>
  `aws ssm put-parameter --region ${region} --name ${name} --type ${/secret/.test(name) ? 'SecureString' : 'String'} --value '<value>'`;
