import { eventTypes } from '@ecommerce/shared-events';
import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueues, packageServices, resourcesOfType, type PackagedService } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

/** The subscriptions of functions (the platform's alarm topic has an e-mail one). */
const subscriptions = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::SNS::Subscription')
      .filter(([, resource]) => resource.Properties['Protocol'] === 'lambda')
      .map(([logicalId, resource]) => ({ service, logicalId, resource })),
  );

describe('every subscription to the order-events topic', () => {
  it('exists: each consumer service subscribes', () => {
    expect(new Set(subscriptions().map(({ service }) => service.name))).toEqual(
      new Set(['billing', 'email', 'invoice', 'orders', 'shipment']),
    );
  });

  it('filters on the type attribute, naming only known event types', () => {
    for (const { logicalId, resource } of subscriptions()) {
      const policy = resource.Properties['FilterPolicy'] as { type?: string[] } | undefined;
      expect(policy?.type, logicalId).toBeDefined();
      expect(policy!.type!.length, logicalId).toBeGreaterThan(0);
      for (const type of policy!.type!) expect(eventTypes, `${logicalId} filters on ${type}`).toContain(type);
    }
  });

  it('hands what fails to a queue named <service>-<stage>-dead-letters, where pnpm dead-letters --stage looks', () => {
    const queues = deadLetterQueues(services);

    expect(queues.length).toBe(5);
    for (const { service, queue } of queues) expect(queue.Properties['QueueName']).toBe(`${service.name}-qa-dead-letters`);
  });

  it('sends what SNS cannot deliver to a dead-letter queue', () => {
    for (const { logicalId, resource } of subscriptions()) {
      expect(resource.Properties['RedrivePolicy'], logicalId).toMatchObject({
        deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] },
      });
    }
  });

  it('belongs to a function that Lambda retries at most twice, then hands to the dead-letter queue', () => {
    for (const { service, logicalId, resource } of subscriptions()) {
      const functionId = (resource.Properties['Endpoint'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const config = resourcesOfType(service.template, 'AWS::Lambda::EventInvokeConfig').find(
        ([, c]) => (c.Properties['FunctionName'] as { Ref: string }).Ref === functionId,
      );
      expect(config, `${logicalId}: ${functionId} has no EventInvokeConfig`).toBeDefined();
      expect(config![1].Properties).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
      });
    }
  });
});

describe('every packaged template', () => {
  it('holds no payment provider secret key', () => {
    for (const service of services) expect(service.text, service.name).not.toMatch(/sk_(test|live)_[A-Za-z0-9]/);
  });

  it('reads the topic ARN from the platform export', () => {
    for (const { logicalId, resource } of subscriptions()) {
      expect(resource.Properties['TopicArn'], logicalId).toEqual({ 'Fn::ImportValue': 'platform-qa-OrderEventsTopicArn' });
    }
  });
});
