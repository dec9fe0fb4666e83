import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, type PackagedService, type Resource } from '../templates.js';
import { allows, answer, functionRoles, roleArn, type Statement } from '../trust-boundaries.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

const template = (name: string) => services.find((service) => service.name === name)!.template;
const importedTopic = { 'Fn::ImportValue': 'platform-qa-OrderEventsTopicArn' };
const importedKey = { 'Fn::ImportValue': 'platform-qa-OrderEventsKeyArn' };
/** A role of the account that someone gave sns:Publish, execute-api:Invoke and kms:* in IAM. */
const intruder = roleArn('ops-qa-admin-eu-west-1-lambdaRole');

const topicPolicy = () => {
  const policies = resourcesOfType(template('platform'), 'AWS::SNS::TopicPolicy').filter(([, policy]) =>
    JSON.stringify(policy.Properties['Topics']).includes('"OrderEventsTopic"'),
  );
  expect(policies).toHaveLength(1);
  return (policies[0]![1].Properties['PolicyDocument'] as { Statement: Statement[] }).Statement;
};
const publishers = () => functionRoles(services).filter(({ statements }) => allows(statements, 'sns:Publish', importedTopic));
const publish = (principalArn?: string) => ({ principalArn, action: 'sns:Publish', resource: 'ref:OrderEventsTopic' });

describe('the order-events topic', () => {
  it('lets every function whose role may publish on it publish, and nobody else of the account, whatever IAM grants them', () => {
    const statements = topicPolicy();
    const roles = functionRoles(services);

    expect(
      publishers()
        .map(({ service, logicalId }) => `${service}.${logicalId}`)
        .sort(),
    ).toEqual([
      'billing.ChargeInvoiceLambdaFunction',
      'billing.ReceivePaymentWebhookLambdaFunction',
      'billing.RefundPaymentLambdaFunction',
      'billing.RelayOutboxLambdaFunction',
      'invoice.CreateCreditNoteLambdaFunction',
      'invoice.CreateInvoiceLambdaFunction',
      'invoice.RelayOutboxLambdaFunction',
      'orders.RelayOutboxLambdaFunction',
      'orders.RelayOutboxStreamLambdaFunction',
      'shipment.BookShipmentLambdaFunction',
      'shipment.CarrierWebhookLambdaFunction',
      'shipment.RelayOutboxLambdaFunction',
    ]);
    for (const { roleArn: arn } of publishers()) expect(answer(statements, publish(arn)), arn).toBe('allowed');
    const publishing = publishers().map(({ roleArn: arn }) => arn);
    const others = roles.filter((role) => !publishing.includes(role.roleArn));
    expect(others.length).toBeGreaterThan(10);
    for (const { roleArn: arn } of [...others, { roleArn: intruder }])
      expect(answer(statements, publish(arn)), arn).toBe('denied');
    expect(answer(statements, publish(undefined))).toBe('denied');
  });

  it('allows nothing to the account as a whole: publishing is by named roles only', () => {
    for (const statement of topicPolicy().filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sns:Publish'))) {
      expect(statement.Condition?.['ArnLike']?.['aws:PrincipalArn'], statement.Sid).toBeDefined();
    }
  });

  it('is encrypted with a key of its own that rotates, which its publishers may use and which an IAM policy alone opens to nobody', () => {
    const platform = template('platform');
    const key = platform.Resources['OrderEventsKey']!;
    const keyStatements = (key.Properties['KeyPolicy'] as { Statement: Statement[] }).Statement;
    const use = (principalArn?: string) => ({ principalArn, action: 'kms:GenerateDataKey', resource: '*' });
    const decrypt = (principalArn?: string) => ({ principalArn, action: 'kms:Decrypt', resource: '*' });

    expect(platform.Resources['OrderEventsTopic']!.Properties['KmsMasterKeyId']).toEqual({ Ref: 'OrderEventsKey' });
    expect(key.Properties['EnableKeyRotation']).toBe(true);
    expect(resourcesOfType(platform, 'AWS::KMS::Alias').map(([, alias]) => alias.Properties['TargetKeyId'])).toEqual([
      { Ref: 'OrderEventsKey' },
    ]);
    // A key policy is the only one that opens a key: the model's "IAM suffices" does not hold for
    // KMS, so what is checked here is that a statement names the caller.
    const named = (request: ReturnType<typeof use>) =>
      keyStatements.some(
        (statement) =>
          statement.Effect === 'Allow' &&
          [statement.Action].flat().some((action) => new RegExp(`^${action.replace('*', '.*')}$`).test(request.action)) &&
          answer([statement], request) === 'allowed' &&
          answer([{ ...statement, Effect: 'Deny' }], request) === 'denied',
      );
    for (const { roleArn: arn } of publishers()) {
      expect(named(use(arn)), arn).toBe(true);
      expect(named(decrypt(arn)), arn).toBe(true);
    }
    expect(named(use(intruder))).toBe(false);
    expect(named(decrypt(intruder))).toBe(false);
    const serviceStatements = keyStatements.filter((statement) => (statement.Principal as { Service?: string }).Service);
    expect(serviceStatements.map((statement) => statement.Principal)).toEqual([{ Service: 'sns.amazonaws.com' }]);
    expect(JSON.stringify(serviceStatements[0]!.Condition)).toContain('order-events-qa');
  });

  it('gives each publisher the right to encrypt for the key, in its own role', () => {
    for (const { service, logicalId, statements } of publishers()) {
      expect(allows(statements, 'kms:GenerateDataKey', importedKey), `${service}.${logicalId}`).toBe(true);
      expect(allows(statements, 'kms:Decrypt', importedKey), `${service}.${logicalId}`).toBe(true);
    }
  });
});

describe('every dead-letter queue', () => {
  it('has one policy, which lets SNS hand it what the topic could not deliver; SQS-managed encryption needs no key of ours', () => {
    for (const service of services) {
      const policies = resourcesOfType(service.template, 'AWS::SQS::QueuePolicy');
      const queues = policies.map(([, policy]) => JSON.stringify(policy.Properties['Queues']));
      expect(new Set(queues).size, service.name).toBe(queues.length);
      for (const [logicalId, queue] of resourcesOfType(service.template, 'AWS::SQS::Queue')) {
        expect(queue.Properties['SqsManagedSseEnabled'], `${service.name}.${logicalId}`).toBe(true);
        const own = policies.filter(
          ([, policy]) => JSON.stringify(policy.Properties['Queues']) === JSON.stringify([{ Ref: logicalId }]),
        );
        const subscribed = resourcesOfType(service.template, 'AWS::SNS::Subscription').some(
          ([, subscription]) =>
            JSON.stringify(
              (subscription.Properties['RedrivePolicy'] as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn,
            ) === JSON.stringify({ 'Fn::GetAtt': [logicalId, 'Arn'] }),
        );
        if (!subscribed) continue;
        expect(own, `${service.name}.${logicalId}`).toHaveLength(1);
        expect(own[0]![1].Properties['PolicyDocument']).toMatchObject({
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': importedTopic } },
            },
          ],
        });
      }
    }
  });
});

describe('every role', () => {
  it('that Lambda assumes belongs to a function: no unused default execution role is left in a stack', () => {
    const assumedByLambda = (role: Resource) =>
      JSON.stringify(role.Properties['AssumeRolePolicyDocument'] ?? {}).includes('lambda.amazonaws.com');
    for (const service of services) {
      const used = new Set(functionRoles([service]).map(({ roleId }) => roleId));
      const roles = resourcesOfType(service.template, 'AWS::IAM::Role')
        .filter(([, role]) => assumedByLambda(role))
        .map(([logicalId]) => logicalId);
      expect(
        roles.filter((logicalId) => !used.has(logicalId)),
        service.name,
      ).toEqual([]);
    }
  });
});

describe('the internal routes', () => {
  const apiPolicy = (name: string) =>
    (resourcesOfType(template(name), 'AWS::ApiGateway::RestApi')[0]![1].Properties['Policy'] as { Statement: Statement[] })
      .Statement;
  const invoke = (principalArn: string | undefined, route: string) => {
    const [method, path] = route.split(' ');
    return { principalArn, action: 'execute-api:Invoke', resource: `execute-api:/qa/${method}${path}` };
  };
  const role = (service: string, fn: string) => roleArn(`${service}-qa-${fn}-eu-west-1-lambdaRole`);
  const roles = () => functionRoles(services).map(({ roleArn: arn }) => arn);

  it("of orders answer only the functions that call them; the payment token's route only billing's charge", () => {
    const policy = apiPolicy('orders');
    const callers: Record<string, string[]> = {
      'GET /internal/orders/ord-1': [
        role('billing', 'chargeInvoice'),
        role('billing', 'refundPayment'),
        role('email', 'sendEmail'),
      ],
      'GET /internal/orders/ord-1/payment': [role('billing', 'chargeInvoice')],
      'POST /internal/orders/ord-1/parcel-booking': [role('shipment', 'bookShipment')],
      'DELETE /internal/orders/ord-1/parcel-booking': [role('shipment', 'bookShipment')],
    };

    for (const [route, allowed] of Object.entries(callers)) {
      for (const arn of allowed) expect(answer(policy, invoke(arn, route)), `${arn} ${route}`).toBe('allowed');
      for (const arn of [...roles().filter((arn) => !allowed.includes(arn)), intruder, undefined])
        expect(answer(policy, invoke(arn, route)), `${arn} ${route}`).toBe('denied');
    }
    // Whatever lies under /internal/ and is named nowhere is closed to every principal but the callers.
    expect(answer(policy, invoke(intruder, 'PUT /internal/anything'))).toBe('denied');
  });

  it('of products answer only the orders functions that look the catalogue up', () => {
    const policy = apiPolicy('products');
    const allowed = [role('orders', 'createOrder'), role('orders', 'modifyOrder')];

    for (const arn of allowed) expect(answer(policy, invoke(arn, 'POST /internal/products/lookup'))).toBe('allowed');
    for (const arn of [...roles().filter((arn) => !allowed.includes(arn)), intruder, undefined])
      expect(answer(policy, invoke(arn, 'POST /internal/products/lookup')), String(arn)).toBe('denied');
  });

  it('are named after roles the callers really run as, whose IAM lets them call the route', () => {
    const text = JSON.stringify([apiPolicy('orders'), apiPolicy('products')]);
    const named = [...text.matchAll(/role\/([A-Za-z0-9-]+)/g)].map(([, name]) => roleArn(name!));
    for (const arn of new Set(named)) {
      const caller = functionRoles(services).find((candidate) => candidate.roleArn === arn);
      expect(caller, arn).toBeDefined();
      expect(
        caller!.statements.some((statement) => [statement.Action].flat().includes('execute-api:Invoke')),
        arn,
      ).toBe(true);
    }
  });

  it('leave the public and customer routes open to anyone, their handlers deciding', () => {
    expect(answer(apiPolicy('products'), invoke(undefined, 'GET /products'))).toBe('allowed');
    expect(answer(apiPolicy('orders'), invoke(undefined, 'POST /orders'))).toBe('allowed');
    expect(answer(apiPolicy('orders'), invoke(undefined, 'GET /orders/ord-1'))).toBe('allowed');
  });
});
