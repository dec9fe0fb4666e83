import { describe, expect, it } from 'vitest';
import { planStage, type PackagedStack } from '../../src/plan.js';

const exporting = (name: string) => ({ Outputs: { [name]: { Export: { Name: `platform-qa-${name}` } } } });
const parameter = (name: string) => ({ Type: 'AWS::SSM::Parameter', Properties: { Name: name, Value: 'x' } });
const fn = (environment: Record<string, unknown>) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Environment: { Variables: environment } },
});

/** A stage shaped as this one: platform exports, products and orders publish parameters, the rest read them. */
const stage: PackagedStack[] = [
  {
    service: 'platform',
    template: { Resources: { Topic: { Type: 'AWS::SNS::Topic' } }, ...exporting('TopicArn') },
  },
  {
    service: 'products',
    template: { Resources: { Url: parameter('/ecommerce/qa/products/api/url') } },
  },
  {
    service: 'orders',
    template: {
      Resources: {
        Url: parameter('/ecommerce/qa/orders/api/url'),
        Create: fn({
          TOPIC: { 'Fn::ImportValue': 'platform-qa-TopicArn' },
          PRODUCTS: '{{resolve:ssm:/ecommerce/qa/products/api/url}}',
        }),
      },
    },
  },
  {
    service: 'billing',
    template: {
      Resources: {
        Charge: fn({
          ORDERS: '{{resolve:ssm:/ecommerce/qa/orders/api/url}}',
          KEY_PARAMETER: '/ecommerce/qa/billing/stripe-secret-key',
        }),
      },
    },
  },
  {
    service: 'email',
    template: {
      Resources: {
        Send: fn({
          ORDERS: { 'Fn::Join': ['', ['{{resolve:ssm:/ecommerce/qa/orders/api/url}}', '/']] },
          SENDER: '{{resolve:ssm:/ecommerce/qa/email/sender}}',
        }),
      },
    },
  },
];

describe('the plan of a stage', () => {
  it('deploys each service after those whose exports and parameters it reads, and those that read nothing first', () => {
    const plan = planStage(stage, 'qa');

    expect(plan.waves).toEqual([['platform', 'products'], ['orders'], ['billing', 'email']]);
    expect(plan.dependsOn).toEqual({
      platform: [],
      products: [],
      orders: ['platform', 'products'],
      billing: ['orders'],
      email: ['orders'],
    });
  });

  it('leaves to the deployer the parameters that no stack creates, however they are named', () => {
    expect(planStage(stage, 'qa').deployerParameters).toEqual([
      '/ecommerce/qa/billing/stripe-secret-key',
      '/ecommerce/qa/email/sender',
    ]);
  });

  it('reads only the parameters of its own stage', () => {
    const other = planStage(stage, 'prod');

    expect(other.deployerParameters).toEqual([]);
    expect(other.dependsOn['orders']).toEqual(['platform']);
  });

  it('refuses a service that imports what no stack exports', () => {
    const orphan = [
      ...stage,
      { service: 'shipment', template: { Resources: { Book: fn({ TOPIC: { 'Fn::ImportValue': 'platform-qa-Gone' } }) } } },
    ];

    expect(() => planStage(orphan, 'qa')).toThrow('shipment imports platform-qa-Gone, which no stack of the stage exports');
  });

  it('refuses stacks that depend on each other', () => {
    const cycle: PackagedStack[] = [
      {
        service: 'a',
        template: { Resources: { P: parameter('/ecommerce/qa/a/x'), F: fn({ B: '{{resolve:ssm:/ecommerce/qa/b/x}}' }) } },
      },
      {
        service: 'b',
        template: { Resources: { P: parameter('/ecommerce/qa/b/x'), F: fn({ A: '{{resolve:ssm:/ecommerce/qa/a/x}}' }) } },
      },
    ];

    expect(() => planStage(cycle, 'qa')).toThrow('the stacks a, b depend on each other');
  });
});
