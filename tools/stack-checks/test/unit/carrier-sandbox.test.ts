import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { specificationIssues } from '../resource-specification.js';
import { packageFolder, resourcesOfType, type PackagedService } from '../templates.js';

const folder = (name: string) => fileURLToPath(new URL(`../../../${name}/`, import.meta.url));

let sandbox: PackagedService;

beforeAll(async () => {
  sandbox = await packageFolder(folder('carrier-sandbox'), 'qa');
}, 180_000);

describe('the carrier sandbox, deployed to a stage as a service of its own', () => {
  it('is a template CloudFormation accepts', () => {
    expect(specificationIssues(sandbox.template)).toEqual([]);
  });

  it('writes its URL where shipment and pnpm test:aws read it', () => {
    const [parameter] = resourcesOfType(sandbox.template, 'AWS::SSM::Parameter').map(([, resource]) => resource);

    expect(parameter!.Properties['Name']).toBe('/ecommerce/qa/carrier-sandbox/api/url');
    expect(JSON.stringify(parameter!.Properties['Value'])).toContain('${ApiGatewayRestApi}.execute-api');
  });

  it('may read and write its own table and query its index, and nothing else', () => {
    const [role] = resourcesOfType(sandbox.template, 'AWS::IAM::Role').map(([, resource]) => resource);
    const statements = (
      role!.Properties['Policies'] as Array<{ PolicyDocument: { Statement: Array<{ Action: string[]; Resource: unknown }> } }>
    )
      .flatMap((policy) => policy.PolicyDocument.Statement)
      .filter((statement) => statement.Action.some((action) => action.startsWith('dynamodb:')));

    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
        Resource: { 'Fn::GetAtt': ['SandboxTable', 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['SandboxTable', 'Arn'] }, '/index/Due']] },
      },
    ]);
  });

  it('is never packaged for prod', async () => {
    // osls prints why on standard output.
    await expect(packageFolder(folder('carrier-sandbox'), 'prod')).rejects.toMatchObject({
      stdout: expect.stringMatching(/Cannot resolve variable at "params\.prod\.neverOnProd"/),
    });
  }, 60_000);
});
