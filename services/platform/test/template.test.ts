import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

const withoutAwsCredentials = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));

describe('the packaged platform stack', () => {
  let template: Template;

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'platform-package-'));
    // Packaging must work on a laptop with no AWS account: no credentials, no network.
    execFileSync(join('node_modules', '.bin', 'sls'), ['package', '--stage', 'qa', '--package', out], {
      env: { ...withoutAwsCredentials, AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: 'pipe',
    });
    template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  }, 60_000);

  it('creates the order-events topic of the stage', () => {
    expect(template.Resources['OrderEventsTopic']).toMatchObject({
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: 'order-events-qa' },
    });
  });

  it('exports the topic ARN for the other stacks', () => {
    expect(template.Outputs['OrderEventsTopicArn']).toEqual(
      expect.objectContaining({ Value: { Ref: 'OrderEventsTopic' }, Export: { Name: 'platform-qa-OrderEventsTopicArn' } }),
    );
  });

  it('publishes the topic ARN as an SSM parameter', () => {
    expect(template.Resources['OrderEventsTopicArnParameter']).toMatchObject({
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/ecommerce/qa/platform/order-events-topic/arn', Type: 'String', Value: { Ref: 'OrderEventsTopic' } },
    });
  });

  it('creates a user pool that only administrators add users to', () => {
    expect(template.Resources['UserPool']).toMatchObject({
      Type: 'AWS::Cognito::UserPool',
      Properties: { UserPoolName: 'ecommerce-qa', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } },
    });
  });

  it('has an app client without a secret that signs in with a password and refreshes tokens', () => {
    expect(template.Resources['UserPoolClient']).toMatchObject({
      Type: 'AWS::Cognito::UserPoolClient',
      Properties: {
        UserPoolId: { Ref: 'UserPool' },
        GenerateSecret: false,
        ExplicitAuthFlows: expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']),
      },
    });
  });

  it('has the operators group', () => {
    expect(template.Resources['OperatorsGroup']).toMatchObject({
      Type: 'AWS::Cognito::UserPoolGroup',
      Properties: { GroupName: 'operators', UserPoolId: { Ref: 'UserPool' } },
    });
  });

  it('keeps what the services verify tokens against in SSM, where serverless.common.yml reads it', () => {
    const common = readFileSync(join('..', '..', 'serverless.common.yml'), 'utf8');
    for (const [logicalId, name, value] of [
      ['UserPoolIssuerParameter', 'issuer', { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' }],
      [
        'UserPoolJwksUriParameter',
        'jwks-uri',
        { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}/.well-known/jwks.json' },
      ],
      ['UserPoolClientIdParameter', 'client-id', { Ref: 'UserPoolClient' }],
    ] as const) {
      expect(template.Resources[logicalId]).toMatchObject({
        Type: 'AWS::SSM::Parameter',
        Properties: { Name: `/ecommerce/qa/platform/user-pool/${name}`, Value: value },
      });
      expect(common).toContain(`{{resolve:ssm:/ecommerce/\${sls:stage}/platform/user-pool/${name}}}`);
    }
  });

  it('exports the user pool and its client', () => {
    expect(template.Outputs['UserPoolId']).toMatchObject({
      Value: { Ref: 'UserPool' },
      Export: { Name: 'platform-qa-UserPoolId' },
    });
    expect(template.Outputs['UserPoolClientId']).toMatchObject({
      Value: { Ref: 'UserPoolClient' },
      Export: { Name: 'platform-qa-UserPoolClientId' },
    });
  });
});
