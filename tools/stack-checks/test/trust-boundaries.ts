import { resourcesOfType, type PackagedService, type Resource } from './templates.js';

/** The account, region and partition a packaged template is read as deployed in. */
const deployedIn = { partition: 'aws', accountId: '123456789012', region: 'eu-west-1' };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** A value with its pseudo-parameters filled in (`Fn::Sub` of the account, region and partition); anything else as it stands. */
const resolved = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(resolved);
  const sub = (value as { 'Fn::Sub'?: unknown } | undefined)?.['Fn::Sub'];
  if (typeof sub === 'string') {
    return sub
      .replaceAll('${AWS::Partition}', deployedIn.partition)
      .replaceAll('${AWS::AccountId}', deployedIn.accountId)
      .replaceAll('${AWS::Region}', deployedIn.region);
  }
  return value;
};

/** `RoleName` of a role as CloudFormation would join it. */
const roleNameOf = (role: Resource): string => {
  const name = role.Properties['RoleName'] as { 'Fn::Join': [string, unknown[]] };
  const [separator, parts] = name['Fn::Join'];
  return parts
    .map((part) => ((part as { Ref?: string }).Ref === 'AWS::Region' ? deployedIn.region : String(part)))
    .join(separator);
};

export const roleArn = (name: string) => `arn:${deployedIn.partition}:iam::${deployedIn.accountId}:role/${name}`;

/** IAM's wildcard match, where `*` spans any characters (slashes too) and `?` one. */
const matches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  ).test(value);

export interface Request {
  /** The calling role's ARN, or none for an anonymous caller. */
  principalArn?: string;
  action: string;
  /** The resource as the statement names it (a logical id's `Ref` as `ref:<id>`, an API's route as `execute-api:/<stage>/<METHOD>/<path>`). */
  resource: string;
}

const resourceOf = (value: unknown): string[] =>
  [value].flat().map((one) => {
    const ref = (one as { Ref?: string }).Ref;
    return ref ? `ref:${ref}` : String(resolved(one));
  });

const principalMatches = (principal: unknown, request: Request) => {
  if (principal === '*') return true;
  const aws = resolved((principal as { AWS?: unknown } | undefined)?.AWS);
  // The account's root stands for every principal of the account (never an anonymous caller).
  return [aws].flat().some((arn) => arn === `arn:aws:iam::${deployedIn.accountId}:root` && request.principalArn !== undefined);
};

const conditionHolds = (condition: Statement['Condition'], request: Request) =>
  Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => {
      if (key !== 'aws:PrincipalArn') throw new Error(`the policy model does not know ${operator} ${key}`);
      const patterns = [resolved(expected)].flat() as string[];
      const any = request.principalArn !== undefined && patterns.some((pattern) => matches(pattern, request.principalArn!));
      if (operator === 'ArnLike' || operator === 'ArnEquals') return any;
      // A negated operator holds when the key is absent (an anonymous caller has no principal ARN).
      if (operator === 'ArnNotLike' || operator === 'ArnNotEquals') return !any;
      throw new Error(`the policy model does not know ${operator}`);
    }),
  );

/**
 * How a resource policy answers a request of a principal of the same account whose own IAM policy
 * allows it (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny wins; otherwise the identity policy's Allow suffices for a role of the account,
 * and an anonymous caller needs the resource policy's Allow.
 */
export const answer = (statements: Statement[], request: Request): 'allowed' | 'denied' => {
  const applying = statements.filter(
    (statement) =>
      [statement.Action].flat().some((action) => matches(action, request.action)) &&
      resourceOf(statement.Resource).some((resource) => matches(resource, request.resource)) &&
      principalMatches(statement.Principal, request) &&
      conditionHolds(statement.Condition, request),
  );
  if (applying.some((statement) => statement.Effect === 'Deny')) return 'denied';
  if (request.principalArn !== undefined) return 'allowed';
  return applying.some((statement) => statement.Effect === 'Allow') ? 'allowed' : 'denied';
};

/** Every function with the role it runs as, the role's name, and its statements. */
export const functionRoles = (services: PackagedService[]) =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::Lambda::Function').map(([logicalId, fn]) => {
      const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const role = service.template.Resources[roleId]!;
      const statements = (role.Properties['Policies'] as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap(
        (policy) => policy.PolicyDocument.Statement,
      );
      return { service: service.name, logicalId, roleId, roleArn: roleArn(roleNameOf(role)), statements };
    }),
  );

/** Whether a role's statements allow `action` on a resource equal to `resource`. */
export const allows = (statements: Statement[], action: string, resource: unknown) =>
  statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      [statement.Action].flat().includes(action) &&
      [statement.Resource].flat().some((one) => JSON.stringify(one) === JSON.stringify(resource)),
  );
