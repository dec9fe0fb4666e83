import ApiThrottling from '@ecommerce/api-throttling';
import { describe, expect, it } from 'vitest';

// What osls hands the plugin once it has compiled the http events: the API, its deployment (under
// the logical id of this package) with the stage on it, and the endpoint output.
const compiled = (custom: Record<string, unknown>, extraResources: Record<string, unknown> = {}) => {
  const service = {
    service: 'orders',
    custom,
    provider: {
      stackTags: { project: 'ecommerce-order-pipeline' },
      logRetentionInDays: 30,
      tracing: { apiGateway: true },
      compiledCloudFormationTemplate: {
        Resources: {
          ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'qa-orders' } },
          ApiGatewayDeployment1700000000000: {
            Type: 'AWS::ApiGateway::Deployment',
            Properties: {
              RestApiId: { Ref: 'ApiGatewayRestApi' },
              StageName: 'qa',
              StageDescription: { ThrottlingRateLimit: 1 },
            },
            DependsOn: ['ApiGatewayMethodOrdersPost'],
          },
          ...extraResources,
        } as Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>,
        Outputs: { ServiceEndpoint: { Value: 'https://…/qa' } } as Record<string, { Value: unknown }>,
      },
    },
  };
  return { service, apply: () => new ApiThrottling({ service }).apply() };
};

const valid = {
  apiThrottling: { rateLimit: 50, burstLimit: 100 },
  apiAccessLog: { requestId: '$context.requestId', status: '$context.status' },
};

describe('@ecommerce/api-throttling', () => {
  it('repoints what waited for the deployment to create the stage to the stage', () => {
    const { service, apply } = compiled(valid, {
      UsagePlan: {
        Type: 'AWS::ApiGateway::UsagePlan',
        Properties: { ApiStages: [{ ApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'qa' }] },
        DependsOn: ['ApiGatewayDeployment1700000000000', 'ApiGatewayRestApi'],
      },
      BasePathMapping: {
        Type: 'AWS::ApiGateway::BasePathMapping',
        Properties: { DomainName: 'api.example.com', RestApiId: { Ref: 'ApiGatewayRestApi' }, Stage: 'qa' },
        DependsOn: 'ApiGatewayDeployment1700000000000',
      },
    });

    apply();

    const { Resources, Outputs } = service.provider.compiledCloudFormationTemplate;
    expect(Resources['UsagePlan']!.DependsOn).toEqual(['ApiGatewayStage', 'ApiGatewayRestApi']);
    expect(Resources['BasePathMapping']!.DependsOn).toEqual(['ApiGatewayStage']);
    expect(Resources['ApiGatewayDeployment1700000000000']).toEqual({
      Type: 'AWS::ApiGateway::Deployment',
      Properties: { RestApiId: { Ref: 'ApiGatewayRestApi' } },
      DependsOn: ['ApiGatewayMethodOrdersPost'],
    });
    expect(Resources['ApiGatewayStage']!.Properties).toMatchObject({
      StageName: 'qa',
      DeploymentId: { Ref: 'ApiGatewayDeployment1700000000000' },
      TracingEnabled: true,
      Tags: [{ Key: 'project', Value: 'ecommerce-order-pipeline' }],
    });
    expect(JSON.stringify(Outputs['ServiceEndpoint']!.Value)).toContain('{"Ref":"ApiGatewayStage"}');
  });

  it.each([
    [{ ...valid, apiThrottling: { rateLimit: 0, burstLimit: 100 } }, 'custom.apiThrottling.rateLimit must be a whole number'],
    [{ ...valid, apiThrottling: { rateLimit: 50 } }, 'custom.apiThrottling.burstLimit must be a whole number'],
    [{ ...valid, apiAccessLog: undefined }, 'custom.apiAccessLog must map each field'],
    [{ ...valid, apiAccessLog: { status: '$context.status' } }, 'custom.apiAccessLog.requestId must be $context.requestId'],
    [
      { ...valid, apiAccessLog: { requestId: '$context.requestId', agent: '"$context.identity.userAgent"' } },
      'custom.apiAccessLog.agent must be one $context variable',
    ],
  ])('refuses a configuration it cannot make a stage of, naming the setting (%#)', (custom, message) => {
    expect(compiled(custom).apply).toThrow(message);
  });

  it('refuses a service without an API, where there is no deployment to give a stage', () => {
    const { service, apply } = compiled(valid);
    delete service.provider.compiledCloudFormationTemplate.Resources['ApiGatewayDeployment1700000000000'];

    expect(apply).toThrow('expected one API Gateway deployment to give a stage, found 0');
  });
});
