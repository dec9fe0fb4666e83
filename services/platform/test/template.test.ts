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
});
