import { parameterIdOf, readSsmSettingsOnce } from '@ecommerce/ssm-settings';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamicReferencesIn, functionEnvironments, packageDeployableTools, parametersOf, refsIn } from '../settings.js';
import { packageServices, type PackagedService } from '../templates.js';

let services: PackagedService[];
let tools: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
  tools = await packageDeployableTools('qa');
}, 180_000);

const everyTemplate = () => [...services, ...tools];

// CloudFormation's own names that a Ref may use
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/pseudo-parameter-reference.html).
const pseudoParameter = /^AWS::[A-Za-z]+$/;

describe('what a template reads at deploy time', () => {
  it('is packaged for every service and every tool that deploys as one', () => {
    expect(services.map(({ name }) => name).sort()).toEqual([
      'billing',
      'email',
      'invoice',
      'orders',
      'platform',
      'products',
      'shipment',
    ]);
    expect(tools.map(({ name }) => name).sort()).toEqual(['carrier-sandbox', 'event-journal', 'payment-sandbox']);
  });

  it('holds at most 40 dynamic references a template, of the 60 CloudFormation allows, whatever functions it gains', () => {
    for (const { name, text } of everyTemplate()) expect(dynamicReferencesIn(text).length, name).toBeLessThanOrEqual(40);
  });

  it('resolves no setting twice: one SSM parameter is one dynamic reference at most, never one per function', () => {
    for (const { name, text } of everyTemplate()) {
      const references = dynamicReferencesIn(text);
      expect(references, name).toEqual([...new Set(references)]);
    }
  });

  it('reads each SSM parameter it names once, as a template parameter of the SSM type whose default is its name', () => {
    const read: Record<string, Record<string, unknown>> = {};
    for (const { name, template } of everyTemplate()) {
      const parameters = parametersOf(template);
      const referenced = new Set(refsIn(template));
      for (const [logicalId, parameter] of Object.entries(parameters)) {
        expect(parameter.Type, `${name} ${logicalId}`).toBe('AWS::SSM::Parameter::Value<String>');
        expect(parameter.Default, `${name} ${logicalId}`).toMatch(/^\/ecommerce\/qa\/[\w.-]+(\/[\w.-]+)+$/);
        expect(referenced.has(logicalId), `${name} ${logicalId} is used`).toBe(true);
      }
      for (const ref of referenced) {
        expect(ref in template.Resources || ref in parameters || pseudoParameter.test(ref), `${name} Ref ${ref}`).toBe(true);
      }
      read[name] = Object.fromEntries(Object.entries(parameters).map(([logicalId, { Default }]) => [logicalId, Default]));
    }

    // What each service reads from SSM at deploy time: what the deployer sets (docs/deploying.md),
    // never another service's API, which comes from that service's stack (below).
    expect(Object.fromEntries(Object.entries(read).filter(([, names]) => Object.keys(names).length > 0))).toEqual({
      billing: { BillingPaymentReturnUrl: '/ecommerce/qa/billing/payment-return-url' },
      email: { EmailSender: '/ecommerce/qa/email/sender' },
      // The carrier's labels for returns (POST /orders/{orderId}/returns); on prod, the carrier's own API.
      orders: { CarrierSandboxApiUrl: '/ecommerce/qa/carrier-sandbox/api/url' },
      shipment: { CarrierSandboxApiUrl: '/ecommerce/qa/carrier-sandbox/api/url' },
    });
  });

  it("takes the API that confirms what a service acts on from that API's own stack, not SSM: the products URL, the orders URL", () => {
    for (const [service, variable, exported] of [
      ['orders', 'PRODUCTS_API_URL', 'products-qa-ApiUrl'],
      ['billing', 'ORDERS_API_URL', 'orders-qa-ApiUrl'],
      ['email', 'ORDERS_API_URL', 'orders-qa-ApiUrl'],
      ['shipment', 'ORDERS_API_URL', 'orders-qa-ApiUrl'],
    ] as const) {
      const functions = functionEnvironments(services.find(({ name }) => name === service)!.template);
      expect(functions.length, service).toBeGreaterThan(0);
      for (const [logicalId, environment] of functions)
        expect(environment[variable], logicalId).toEqual({ 'Fn::ImportValue': exported });
    }
    for (const [service, exported] of [
      ['orders', 'orders-qa-ApiUrl'],
      ['orders', 'orders-qa-ApiArn'],
      ['products', 'products-qa-ApiUrl'],
      ['products', 'products-qa-ApiArn'],
    ] as const) {
      const { Outputs = {} } = services.find(({ name }) => name === service)!.template;
      expect(
        Object.values(Outputs).map((output) => output.Export?.Name),
        service,
      ).toContain(exported);
    }
  });

  it("takes who signs the tokens from platform's exports, not SSM, in every function that has it, with the stage and no key URL", () => {
    const verifying = services.flatMap(({ name, template }) =>
      functionEnvironments(template)
        .filter(([, environment]) => 'TOKEN_ISSUER' in environment)
        .map(([logicalId, environment]) => ({ name, logicalId, environment })),
    );

    expect([...new Set(verifying.map(({ name }) => name))].sort()).toEqual(['invoice', 'orders']);
    for (const { logicalId, environment } of verifying) {
      expect(environment, logicalId).toMatchObject({
        STAGE: 'qa',
        TOKEN_ISSUER: { 'Fn::ImportValue': 'platform-qa-UserPoolIssuer' },
        TOKEN_CLIENT_ID: { 'Fn::ImportValue': 'platform-qa-UserPoolClientId' },
      });
    }
    for (const { name, text } of everyTemplate()) {
      expect(text, name).not.toContain('TOKEN_JWKS_URI');
      expect(text, name).not.toContain('/platform/user-pool/');
    }
  });
});

describe('@ecommerce/ssm-settings, on a template of its own', () => {
  const fn = (variables: Record<string, unknown>) => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Environment: { Variables: variables } },
  });

  it('turns every plain SSM reference into a Ref to one template parameter per SSM parameter', () => {
    const policy = (resource: unknown) => ({
      Type: 'AWS::IAM::Policy',
      Properties: { Resource: { 'Fn::Join': ['', [resource, '/POST/x']] } },
    });
    const template: Record<string, unknown> = {
      Resources: {
        A: fn({ URL: '{{resolve:ssm:/ecommerce/qa/products/api/url}}' }),
        B: fn({ URL: '{{resolve:ssm:/ecommerce/qa/products/api/url}}' }),
        P: policy('{{resolve:ssm:/ecommerce/qa/products/api/arn}}'),
      },
      Outputs: { Url: { Value: '{{resolve:ssm:/ecommerce/qa/products/api/url}}' } },
    };

    readSsmSettingsOnce(template, 'qa');

    const parameter = (name: string) => ({
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: name,
      Description: `The SSM parameter ${name}`,
    });
    expect(template).toEqual({
      Parameters: {
        ProductsApiUrl: parameter('/ecommerce/qa/products/api/url'),
        ProductsApiArn: parameter('/ecommerce/qa/products/api/arn'),
      },
      Resources: {
        A: fn({ URL: { Ref: 'ProductsApiUrl' } }),
        B: fn({ URL: { Ref: 'ProductsApiUrl' } }),
        P: policy({ Ref: 'ProductsApiArn' }),
      },
      Outputs: { Url: { Value: { Ref: 'ProductsApiUrl' } } },
    });
  });

  it('leaves what no parameter type can hold: a secure string, a version, a reference inside a longer string', () => {
    const kept = {
      SECRET: '{{resolve:ssm-secure:/ecommerce/qa/billing/secret}}',
      PINNED: '{{resolve:ssm:/ecommerce/qa/a/b:3}}',
      INSIDE: 'https://{{resolve:ssm:/ecommerce/qa/a/host}}/x',
    };
    const template: Record<string, unknown> = { Resources: { A: fn(kept) } };

    readSsmSettingsOnce(template, 'qa');

    expect(template).toEqual({ Resources: { A: fn(kept) } });
  });

  it('names a parameter the same on every stage, and refuses two SSM parameters that would share a name', () => {
    expect(parameterIdOf('/ecommerce/prod/shipment/carrier-api/url', 'prod')).toBe('ShipmentCarrierApiUrl');
    expect(parameterIdOf('/elsewhere/prod/url', 'prod')).toBe('ElsewhereProdUrl');
    expect(() =>
      readSsmSettingsOnce(
        { Resources: { A: fn({ X: '{{resolve:ssm:/ecommerce/qa/a/b-c}}', Y: '{{resolve:ssm:/ecommerce/qa/a/b/c}}' }) } },
        'qa',
      ),
    ).toThrow('the SSM parameters /ecommerce/qa/a/b-c and /ecommerce/qa/a/b/c would both be the template parameter ABC');
    expect(() =>
      readSsmSettingsOnce(
        { Parameters: { AB: { Type: 'String' } }, Resources: { A: fn({ X: '{{resolve:ssm:/ecommerce/qa/a/b}}' }) } },
        'qa',
      ),
    ).toThrow('the template already has a parameter AB, for the SSM parameter /ecommerce/qa/a/b');
  });
});
