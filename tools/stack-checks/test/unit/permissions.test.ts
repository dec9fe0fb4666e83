import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, type PackagedService } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const functions = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::Lambda::Function').map(([logicalId, fn]) => ({ service, logicalId, fn })),
  );

const statementsOf = (service: PackagedService, roleId: string): Statement[] => {
  const role = service.template.Resources[roleId]!;
  return (role.Properties['Policies'] as Array<{ PolicyDocument: { Statement: Statement[] } }>).flatMap(
    (policy) => policy.PolicyDocument.Statement,
  );
};

const roleOf = (fn: { Properties: Record<string, unknown> }) =>
  (fn.Properties['Role'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

// X-Ray has no resource-level permissions: its two write actions are the only ones allowed on every resource.
const allowedOnEveryResource = new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']);

describe('least privilege', () => {
  it('gives every function a role of its own', () => {
    const roles = functions().map(({ service, fn }) => `${service.name}/${roleOf(fn)}`);

    expect(roles.length).toBeGreaterThan(10);
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('grants no wildcard action to any function', () => {
    for (const { service, logicalId, fn } of functions()) {
      for (const statement of statementsOf(service, roleOf(fn))) {
        for (const action of [statement.Action].flat()) {
          expect(action, `${service.name}/${logicalId}`).not.toMatch(/\*/);
        }
      }
    }
  });

  it('grants every action on named resources, X-Ray aside', () => {
    for (const { service, logicalId, fn } of functions()) {
      for (const statement of statementsOf(service, roleOf(fn))) {
        const onEverything = [statement.Resource].flat().includes('*');
        if (onEverything) {
          for (const action of [statement.Action].flat())
            expect(allowedOnEveryResource, `${service.name}/${logicalId} ${action}`).toContain(action);
        }
      }
    }
  });

  it('lets a function that only reads read, and nothing else', () => {
    const readers = functions().filter(({ logicalId }) =>
      /^Get(Order|Product|Invoice|CreditNote)LambdaFunction$/.test(logicalId),
    );

    expect(readers).toHaveLength(4);
    for (const { service, logicalId, fn } of readers) {
      const actions = statementsOf(service, roleOf(fn)).flatMap((statement) => [statement.Action].flat());
      // An invoice is read with its credit notes, in one query of its partition.
      expect(
        actions.filter((action) => !/^(logs|xray):/.test(action)),
        logicalId,
      ).toEqual([logicalId === 'GetInvoiceLambdaFunction' ? 'dynamodb:Query' : 'dynamodb:GetItem']);
    }
  });

  it('lets the functions of stalled orders query the WaitingOrders index and scan nothing', () => {
    const orders = services.find(({ name }) => name === 'orders')!;
    const waitingOrders = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['OrdersTable', 'Arn'] }, '/index/WaitingOrders']] };
    const table = { 'Fn::GetAtt': ['OrdersTable', 'Arn'] };
    const grants = (logicalId: string) =>
      statementsOf(orders, roleOf(orders.template.Resources[logicalId]!))
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
        .map((statement) => ({ actions: [statement.Action].flat().sort(), resource: statement.Resource }));

    expect(grants('ListStalledOrdersLambdaFunction')).toEqual([{ actions: ['dynamodb:Query'], resource: waitingOrders }]);
    expect(grants('SweepStalledOrdersLambdaFunction')).toEqual([
      { actions: ['dynamodb:Query'], resource: waitingOrders },
      { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], resource: table },
    ]);
    const indexes = (orders.template.Resources['OrdersTable']!.Properties['GlobalSecondaryIndexes'] ?? []) as Array<{
      IndexName: string;
      KeySchema: unknown;
    }>;
    expect(indexes.find((index) => index.IndexName === 'WaitingOrders')?.KeySchema).toEqual([
      { AttributeName: 'waitingIn', KeyType: 'HASH' },
      { AttributeName: 'waitingSince', KeyType: 'RANGE' },
    ]);
  });

  it("lets only the relays of orders' outbox publish its events: the writers commit, the table's stream carries them", () => {
    const orders = services.find(({ name }) => name === 'orders')!;
    const resources = orders.template.Resources;
    const publishers = Object.entries(resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .filter(([, resource]) =>
        statementsOf(orders, roleOf(resource)).some((statement) => [statement.Action].flat().includes('sns:Publish')),
      )
      .map(([logicalId]) => logicalId)
      .sort();
    const [mapping] = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::Lambda::EventSourceMapping' &&
        JSON.stringify(resource.Properties['FunctionName']).includes('RelayOutboxStreamLambdaFunction'),
    );

    expect(publishers).toEqual(['RelayOutboxLambdaFunction', 'RelayOutboxStreamLambdaFunction']);
    expect(resources['OrdersTable']!.Properties['StreamSpecification']).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { sk: { S: [{ prefix: 'OUTBOX#' }] } } } }) },
        ],
      },
    });
  });
});
