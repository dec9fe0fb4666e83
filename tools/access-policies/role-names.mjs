// @ts-check
/**
 * The name serverless-iam-roles-per-function gives a function's own role:
 * `<service>-<stage>-<function>-<region>-lambdaRole`, without `-lambdaRole` when that would pass
 * IAM's 64 characters (it refuses a name still longer). Policies of other stacks name a role by
 * this rule instead of by a reference, as the role may not exist yet when they are created (the
 * platform deploys first).
 *
 * @param {{ service: string, stage: string, functionName: string, region: string }} role
 */
export const functionRoleName = ({ service, stage, functionName, region }) => {
  const name = `${service}-${stage}-${functionName}-${region}`;
  if (`${name}-lambdaRole`.length <= 64) return `${name}-lambdaRole`;
  if (name.length <= 64) return name;
  throw new Error(`the role of ${service}.${functionName} would be named ${name}, longer than IAM's 64 characters`);
};

/**
 * The ARN of that role, for `aws:PrincipalArn` conditions: a session of an assumed role is matched
 * by its role's ARN there (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn).
 *
 * @param {{ service: string, stage: string, functionName: string, region: string }} role
 */
export const functionRoleArn = (role) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${functionRoleName(role)}`,
});
