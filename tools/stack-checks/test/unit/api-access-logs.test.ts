import { planStage } from '@ecommerce/deploy';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, type PackagedService, type Resource } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

type Kept = Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string };

const stages = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::ApiGateway::Stage').map(([logicalId, stage]) => ({ service, logicalId, stage })),
  );

describe("every API stage's access log", () => {
  it('goes to a log group of its own, named for the service and stage, that expires', () => {
    expect(
      stages()
        .map(({ service }) => service.name)
        .sort(),
    ).toEqual(['billing', 'invoice', 'orders', 'products', 'shipment']);
    for (const { service, stage } of stages()) {
      const { DestinationArn } = stage.Properties['AccessLogSetting'] as { DestinationArn: { 'Fn::GetAtt': [string, string] } };
      const [groupId, attribute] = DestinationArn['Fn::GetAtt'];
      const group = service.template.Resources[groupId]!;

      expect(attribute, service.name).toBe('Arn');
      expect(group.Type, service.name).toBe('AWS::Logs::LogGroup');
      expect(group.Properties['LogGroupName'], service.name).toBe(`/aws/api-gateway/${service.name}-qa-access`);
      expect(group.Properties['RetentionInDays'], service.name).toBeGreaterThan(0);
    }
  });

  it('is one JSON object a request, with the request id its client was answered and the Lambda request id behind it', () => {
    for (const { service, stage } of stages()) {
      const { Format } = stage.Properties['AccessLogSetting'] as { Format: string };
      const fields = JSON.parse(Format) as Record<string, unknown>;

      expect(fields, service.name).toMatchObject({
        requestId: '$context.requestId',
        extendedRequestId: '$context.extendedRequestId',
        integrationRequestId: '$context.integration.requestId',
        httpMethod: '$context.httpMethod',
        resourcePath: '$context.resourcePath',
        status: '$context.status',
        integrationLatency: '$context.integrationLatency',
      });
      // Each value quoted: a variable API Gateway has no value for logs "-", which stays valid JSON.
      for (const [field, variable] of Object.entries(fields)) {
        expect(variable, `${service.name} ${field}`).toMatch(/^\$context\.[A-Za-z0-9.]+$/);
      }
    }
  });

  it("is written with the account's CloudWatch role, which platform sets, keeps, and deploys first", () => {
    const accounts = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::ApiGateway::Account').map(([logicalId, account]) => ({
        service,
        logicalId,
        account,
      })),
    );

    // One a region and account: a second would overwrite the first's role.
    expect(accounts.map(({ service }) => service.name)).toEqual(['platform']);
    const [{ service: platform, account }] = accounts as [(typeof accounts)[number]];
    const [roleId, attribute] = (account.Properties['CloudWatchRoleArn'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'];
    const role = platform.template.Resources[roleId] as Kept;

    expect(attribute).toBe('Arn');
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties['AssumeRolePolicyDocument']).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    expect(role.Properties['ManagedPolicyArns']).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs' },
    ]);
    expect(role.Properties['Policies']).toBeUndefined();
    for (const kept of [role, account as Kept]) {
      expect(kept).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }

    const { waves } = planStage(
      services.map(({ name, template }) => ({ service: name, template })),
      'qa',
    );
    const waveOf = (name: string) => waves.findIndex((wave) => wave.includes(name));
    for (const { service } of stages()) expect(waveOf(service.name), service.name).toBeGreaterThan(waveOf('platform'));
  });
});
