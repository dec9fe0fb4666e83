import { beforeAll, describe, expect, it } from 'vitest';
import { dimensionSetsOf, specification, specificationIssues } from '../resource-specification.js';
import { packageServices, resourcesOfType, type PackagedService, type Resource } from '../templates.js';

const templateOf = (resources: Record<string, Partial<Resource> & { Type: string }>) => ({
  Resources: resources as Record<string, Resource>,
});

const queue = (properties: Record<string, unknown>) => templateOf({ Queue: { Type: 'AWS::SQS::Queue', Properties: properties } });

// The specification is a database of every resource type: loading it takes seconds on a busy
// machine, so it is loaded once here, under the hook timeout, rather than in the first test.
beforeAll(() => {
  specification();
});

describe('the check against the CloudFormation resource specification', () => {
  it('takes values CloudFormation computes at deploy time as they stand', () => {
    const issues = specificationIssues(
      queue({
        QueueName: { 'Fn::Sub': '${AWS::StackName}-dead-letters' },
        MessageRetentionPeriod: '{{resolve:ssm:/ecommerce/qa/retention}}',
        SqsManagedSseEnabled: { Ref: 'Encrypted' },
        VisibilityTimeout: '30',
      }),
    );

    expect(issues).toEqual([]);
  });

  it('names a property the resource type does not have', () => {
    expect(specificationIssues(queue({ QueueNmae: 'orders-qa-dead-letters' }))).toEqual([
      'Queue: QueueNmae is no property of it',
    ]);
  });

  it('names a value of the wrong type', () => {
    expect(specificationIssues(queue({ MessageRetentionPeriod: 'two weeks', SqsManagedSseEnabled: 'yes' }))).toEqual([
      'Queue.MessageRetentionPeriod: expected an integer, got "two weeks"',
      'Queue.SqsManagedSseEnabled: expected a boolean, got "yes"',
    ]);
  });

  it('names a required property that is missing', () => {
    const issues = specificationIssues(
      templateOf({ Topic: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' } } } }),
    );

    expect(issues).toEqual(['Topic: Protocol is required']);
  });

  it('checks inside lists and nested types', () => {
    const alarm = (dimensions: unknown) =>
      templateOf({
        Alarm: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: { ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, Dimensions: dimensions },
        },
      });

    expect(specificationIssues(alarm([{ Name: 'FunctionName' }]))).toEqual(['Alarm.Dimensions[0]: Value is required']);
    expect(specificationIssues(alarm([{ Name: 'FunctionName', Value: 'f', Unit: 'ms' }]))).toEqual([
      'Alarm.Dimensions[0]: Unit is no property of it',
    ]);
    expect(specificationIssues(alarm({ Name: 'FunctionName', Value: 'f' }))).toEqual([
      'Alarm.Dimensions: expected a list, got {"Name":"FunctionName","Value":"f"}',
    ]);
  });

  it('names an unknown resource type and an unknown resource attribute', () => {
    expect(specificationIssues(templateOf({ Queue: { Type: 'AWS::SQS::Queues', Properties: {} } }))).toEqual([
      'Queue: AWS::SQS::Queues is no resource type',
    ]);
    expect(
      specificationIssues(templateOf({ Queue: { Type: 'AWS::SQS::Queue', Properties: {}, DeletePolicy: 'Retain' } as never })),
    ).toEqual(['Queue: DeletePolicy is no resource attribute']);
  });

  it('knows the dimensions each AWS metric is published with', () => {
    expect(dimensionSetsOf('AWS/Lambda', 'Duration')).toContainEqual(['FunctionName']);
    expect(dimensionSetsOf('AWS/ApiGateway', '5XXError')).toContainEqual(['ApiName', 'Stage']);
    expect(dimensionSetsOf('AWS/ApiGateway', '5XXError')).not.toContainEqual(['FunctionName']);
    expect(dimensionSetsOf('AWS/Lambda', 'Latency')).toEqual([]);
  });
});

describe('every packaged template', () => {
  let services: PackagedService[];

  beforeAll(async () => {
    services = await packageServices('qa');
  }, 180_000);

  // What is not checked: values that intrinsics and {{resolve:…}} references compute at deploy
  // time, the insides of JSON-typed properties (policies, a dashboard's body), custom resources.
  it('conforms to the CloudFormation resource specification: types, property names and types, required properties', () => {
    expect(services.length).toBe(7);
    for (const service of services) expect(specificationIssues(service.template), service.name).toEqual([]);
  });

  it('alarms only on AWS metrics and dimensions that AWS publishes', () => {
    for (const service of services) {
      for (const [logicalId, alarm] of resourcesOfType(service.template, 'AWS::CloudWatch::Alarm')) {
        const {
          Namespace: namespace,
          MetricName: metricName,
          Dimensions: dimensions,
        } = alarm.Properties as {
          Namespace: string;
          MetricName: string;
          Dimensions: Array<{ Name: string }>;
        };
        if (!namespace.startsWith('AWS/')) continue;
        expect(dimensionSetsOf(namespace, metricName), `${service.name}/${logicalId}`).toContainEqual(
          dimensions.map(({ Name }) => Name).sort(),
        );
      }
    }
  });
});
