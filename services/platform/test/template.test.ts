import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

interface Template {
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

const withoutAwsCredentials = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));

const packagePlatform = (...options: string[]): Template => {
  const out = mkdtempSync(join(tmpdir(), 'platform-package-'));
  // Packaging must work on a laptop with no AWS account: no credentials, no network.
  execFileSync(join('node_modules', '.bin', 'sls'), ['package', '--stage', 'qa', '--package', out, ...options], {
    env: { ...withoutAwsCredentials, AWS_EC2_METADATA_DISABLED: 'true' },
    stdio: 'pipe',
  });
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
};

describe('the packaged platform stack', () => {
  let template: Template;

  beforeAll(() => {
    template = packagePlatform();
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

  it("lets a customer change their name but not the e-mail address orders mails (an administrator's to change)", () => {
    // Without WriteAttributes the client may write every standard attribute.
    const writable = template.Resources['UserPoolClient']!.Properties['WriteAttributes'] as string[] | undefined;
    expect(writable).toContain('name');
    expect(writable).not.toContain('email');
  });

  it('has the operators group', () => {
    expect(template.Resources['OperatorsGroup']).toMatchObject({
      Type: 'AWS::Cognito::UserPoolGroup',
      Properties: { GroupName: 'operators', UserPoolId: { Ref: 'UserPool' } },
    });
  });

  it('exports what the services verify tokens against, where serverless.common.yml imports it, and keeps none of it in SSM', () => {
    const common = readFileSync(join('..', '..', 'serverless.common.yml'), 'utf8');
    for (const [output, value] of [
      ['UserPoolIssuer', { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' }],
      ['UserPoolClientId', { Ref: 'UserPoolClient' }],
    ] as const) {
      expect(template.Outputs[output]).toEqual({ Value: value, Export: { Name: `platform-qa-${output}` } });
      expect(common).toContain(`Fn::ImportValue: platform-\${sls:stage}-${output}`);
    }
    const userPoolParameters = Object.values(template.Resources).filter(
      ({ Type, Properties }) => Type === 'AWS::SSM::Parameter' && String(Properties['Name']).includes('user-pool'),
    );
    expect(userPoolParameters).toEqual([]);
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

  it('creates the alarm topic of the stage, exported and in SSM for the alarms of every service', () => {
    expect(template.Resources['AlarmTopic']).toMatchObject({
      Type: 'AWS::SNS::Topic',
      Properties: { TopicName: 'ecommerce-alarms-qa' },
    });
    expect(template.Outputs['AlarmTopicArn']).toMatchObject({
      Value: { Ref: 'AlarmTopic' },
      Export: { Name: 'platform-qa-AlarmTopicArn' },
    });
    expect(template.Resources['AlarmTopicArnParameter']).toMatchObject({
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: '/ecommerce/qa/platform/alarm-topic/arn', Value: { Ref: 'AlarmTopic' } },
    });
  });

  it('subscribes no one to the alarms when the deployer names no e-mail address', () => {
    const subscription = template.Resources['AlarmEmailSubscription']!;

    expect(subscription.Condition).toBe('AlarmEmailGiven');
    expect(template.Conditions['AlarmEmailGiven']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
  });

  it('subscribes the e-mail address the deployer names to the alarms', () => {
    const withEmail = packagePlatform('--param', 'alarmEmail=ops@example.com');

    expect(withEmail.Resources['AlarmEmailSubscription']).toMatchObject({
      Condition: 'AlarmEmailGiven',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'ops@example.com' },
    });
    expect(withEmail.Conditions['AlarmEmailGiven']).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['ops@example.com', ''] }] });
  }, 60_000);
});
