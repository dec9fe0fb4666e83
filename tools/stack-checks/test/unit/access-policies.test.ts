import AccessPolicies from '@ecommerce/access-policies';
import { functionRoleName } from '@ecommerce/access-policies/role-names';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../templates.js';

/** The plugin applied to `resources` as osls would hand them over, with `custom.accessPolicies` as given. */
const applied = (resources: Record<string, Resource>, accessPolicies: Record<string, unknown>) => {
  new AccessPolicies({
    service: {
      service: 'orders',
      custom: { accessPolicies },
      provider: { stage: 'qa', region: 'eu-west-1', compiledCloudFormationTemplate: { Resources: resources } },
    },
  }).apply();
  return resources;
};

const api = (routes: string[]): Record<string, Resource> => {
  const resources: Record<string, Resource> = { ApiGatewayRestApi: { Type: 'AWS::ApiGateway::RestApi', Properties: {} } };
  for (const [index, route] of routes.entries()) {
    const [method, path] = route.split(' ');
    let parent = 'ApiGatewayRestApi';
    for (const [depth, part] of path!.split('/').slice(1).entries()) {
      const id = `Resource${index}x${depth}`;
      resources[id] = { Type: 'AWS::ApiGateway::Resource', Properties: { ParentId: { Ref: parent }, PathPart: part } };
      parent = id;
    }
    resources[`Method${index}`] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: { HttpMethod: method, ResourceId: { Ref: parent } },
    };
  }
  return resources;
};

describe('the access-policies plugin', () => {
  it('refuses to package an internal route that names no callers, or callers of a route that does not exist', () => {
    expect(() => applied(api(['GET /internal/orders/{orderId}']), { internalCallers: {} })).toThrow(
      'custom.accessPolicies.internalCallers of orders names no callers of GET /internal/orders/{orderId}',
    );
    expect(() =>
      applied(api(['GET /internal/orders/{orderId}']), {
        internalCallers: {
          'GET /internal/orders/{orderId}': { email: ['sendEmail'] },
          'GET /internal/gone': { email: ['sendEmail'] },
        },
      }),
    ).toThrow('names routes it does not have: GET /internal/gone');
  });

  it('refuses a topic that is not encrypted with the key named for it', () => {
    const resources: Record<string, Resource> = {
      Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
      Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Statement: [] } } },
    };

    expect(() => applied(resources, { topics: { Topic: { key: 'Key', publishers: { orders: ['relayOutbox'] } } } })).toThrow(
      'Topic must be encrypted with its key: KmsMasterKeyId: { Ref: Key }',
    );
  });

  it('merges the policies osls writes on one queue into one, each statement once', () => {
    const statement = { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage' };
    const policy = (): Resource => ({
      Type: 'AWS::SQS::QueuePolicy',
      Properties: { Queues: [{ Ref: 'DeadLetterQueue' }], PolicyDocument: { Statement: [statement] } },
    });

    const resources = applied({ APolicy: policy(), BPolicy: policy() }, {});

    expect(resources).toEqual({
      DeadLetterQueuePolicy: {
        Type: 'AWS::SQS::QueuePolicy',
        Properties: {
          Queues: [{ Ref: 'DeadLetterQueue' }],
          PolicyDocument: { Version: '2012-10-17', Id: 'DeadLetterQueuePolicy', Statement: [statement] },
        },
      },
    });
  });

  it('keeps the default role while anything still refers to it', () => {
    const role: Resource = { Type: 'AWS::IAM::Role', Properties: {} };
    const fn = (roleId: string): Resource => ({
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': [roleId, 'Arn'] } },
    });

    expect(Object.keys(applied({ IamRoleLambdaExecution: role, F: fn('IamRoleLambdaExecution') }, {}))).toContain(
      'IamRoleLambdaExecution',
    );
    expect(Object.keys(applied({ IamRoleLambdaExecution: role, FRole: role, F: fn('FRole') }, {}))).not.toContain(
      'IamRoleLambdaExecution',
    );
  });

  it('names a role as serverless-iam-roles-per-function does, without -lambdaRole past 64 characters', () => {
    expect(functionRoleName({ service: 'billing', stage: 'qa', functionName: 'chargeInvoice', region: 'eu-west-1' })).toBe(
      'billing-qa-chargeInvoice-eu-west-1-lambdaRole',
    );
    expect(
      functionRoleName({
        service: 'orders',
        stage: 'staging',
        functionName: 'relayOutboxStreamFunction',
        region: 'ap-southeast-2',
      }),
    ).toBe('orders-staging-relayOutboxStreamFunction-ap-southeast-2');
    expect(() =>
      functionRoleName({ service: 'orders', stage: 'x'.repeat(40), functionName: 'relayOutbox', region: 'eu-west-1' }),
    ).toThrow("longer than IAM's 64 characters");
  });
});
