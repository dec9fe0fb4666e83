import { beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueues, packageServices, resourcesOfType, routes, type PackagedService, type Resource } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

const metricsNamespace = 'ecommerce/qa';
const alarmTopic = { 'Fn::ImportValue': 'platform-qa-AlarmTopicArn' };

interface Dimension {
  Name: string;
  Value: unknown;
}

const alarms = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::CloudWatch::Alarm').map(([logicalId, alarm]) => ({
      service,
      logicalId,
      properties: alarm.Properties as { Namespace: string; MetricName: string; Dimensions: Dimension[] } & Record<
        string,
        unknown
      >,
    })),
  );

/** The alarms of a service on one metric whose dimensions are exactly these. */
const alarmsOn = (service: PackagedService, namespace: string, metricName: string, dimensions: Dimension[]) =>
  alarms().filter(
    (alarm) =>
      alarm.service === service &&
      alarm.properties.Namespace === namespace &&
      alarm.properties.MetricName === metricName &&
      JSON.stringify(alarm.properties.Dimensions) === JSON.stringify(dimensions),
  );

const anyAtAll = { ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 };

describe('the alarms of every service', () => {
  it('fire when the p99 of the duration of the function behind POST /orders passes 1000 ms', () => {
    const createOrder = routes(services).find(({ route }) => route === 'POST /orders')!;
    expect(createOrder.service.template.Resources[createOrder.function!]!.Properties['FunctionName']).toBe(
      'orders-qa-createOrder',
    );

    const latency = alarmsOn(createOrder.service, 'AWS/Lambda', 'Duration', [
      { Name: 'FunctionName', Value: { Ref: createOrder.function } },
    ]);

    expect(latency).toHaveLength(1);
    expect(latency[0]!.properties).toMatchObject({
      ExtendedStatistic: 'p99',
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(latency[0]!.properties['Statistic']).toBeUndefined();
  });

  it('fire on any error of every function', () => {
    const functions = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::Lambda::Function').map(([logicalId]) => ({ service, logicalId })),
    );

    expect(functions.length).toBeGreaterThan(15);
    for (const { service, logicalId } of functions) {
      const errors = alarmsOn(service, 'AWS/Lambda', 'Errors', [{ Name: 'FunctionName', Value: { Ref: logicalId } }]);
      expect(errors, `${service.name}/${logicalId}`).toHaveLength(1);
      expect(errors[0]!.properties, `${service.name}/${logicalId}`).toMatchObject({ ...anyAtAll, Statistic: 'Sum' });
    }
  });

  it('fire on any 5XX answer of every API, by the name and stage API Gateway reports it under', () => {
    const apis = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::ApiGateway::RestApi').map(([logicalId, api]) => {
        const [, stage] = resourcesOfType(service.template, 'AWS::ApiGateway::Stage').find(
          ([, candidate]) => (candidate.Properties['RestApiId'] as { Ref: string }).Ref === logicalId,
        )!;
        return { service, name: api.Properties['Name'], stage: stage.Properties['StageName'] };
      }),
    );

    expect(apis.map(({ name }) => name).sort()).toEqual(['qa-billing', 'qa-invoice', 'qa-orders', 'qa-products', 'qa-shipment']);
    for (const { service, name, stage } of apis) {
      const fiveXx = alarmsOn(service, 'AWS/ApiGateway', '5XXError', [
        { Name: 'ApiName', Value: name },
        { Name: 'Stage', Value: stage },
      ]);
      expect(fiveXx, String(name)).toHaveLength(1);
      expect(fiveXx[0]!.properties, String(name)).toMatchObject({ ...anyAtAll, Statistic: 'Sum' });
    }
  });

  it('fire on any message in every dead-letter queue', () => {
    const queues = deadLetterQueues(services);

    expect(queues.map(({ service }) => service.name).sort()).toEqual(['billing', 'email', 'invoice', 'orders', 'shipment']);
    for (const { service, logicalId } of queues) {
      const depth = alarmsOn(service, 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', [
        { Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId, 'QueueName'] } },
      ]);
      expect(depth, `${service.name}/${logicalId}`).toHaveLength(1);
      expect(depth[0]!.properties, `${service.name}/${logicalId}`).toMatchObject({ ...anyAtAll, Statistic: 'Maximum' });
    }
  });

  it('fire when an outbox relay had to publish anything, on the metric its service counts them in', () => {
    const withOutbox = services.filter((service) =>
      resourcesOfType(service.template, 'AWS::DynamoDB::Table').some(([, table]) =>
        ((table.Properties['GlobalSecondaryIndexes'] ?? []) as Array<{ IndexName: string }>).some(
          (index) => index.IndexName === 'OutboxPending',
        ),
      ),
    );

    expect(withOutbox.map(({ name }) => name).sort()).toEqual(['billing', 'invoice', 'orders', 'shipment']);
    for (const service of withOutbox) {
      for (const metric of ['OutboxEventsRelayed', 'OutboxForeignEventsRefused']) {
        const alarmed = alarmsOn(service, metricsNamespace, metric, [{ Name: 'service', Value: service.name }]);
        expect(alarmed, `${service.name} ${metric}`).toHaveLength(1);
        expect(alarmed[0]!.properties, `${service.name} ${metric}`).toMatchObject({ ...anyAtAll, Statistic: 'Sum' });
      }
    }
  });

  it('fire when billing refused any event its owner did not confirm', () => {
    const billing = services.find(({ name }) => name === 'billing')!;

    const refused = alarmsOn(billing, metricsNamespace, 'UnconfirmedEventsRefused', [{ Name: 'service', Value: 'billing' }]);

    expect(refused).toHaveLength(1);
    expect(refused[0]!.properties).toMatchObject({ ...anyAtAll, Statistic: 'Sum' });
  });

  it('fire when the sweep of stalled orders marked any order stalled, on the metric without the step', () => {
    const orders = services.find(({ name }) => name === 'orders')!;

    const stalled = alarmsOn(orders, metricsNamespace, 'OrderStalled', [{ Name: 'service', Value: 'orders' }]);

    expect(stalled).toHaveLength(1);
    expect(stalled[0]!.properties).toMatchObject({ ...anyAtAll, Statistic: 'Sum' });
  });

  it("notify the platform's alarm topic when they fire and when they clear", () => {
    const platform = services.find(({ name }) => name === 'platform')!;
    const outputs = (platform.template as unknown as { Outputs: Record<string, { Export?: { Name: string } }> }).Outputs;

    expect(Object.values(outputs).map((output) => output.Export?.Name)).toContain(alarmTopic['Fn::ImportValue']);
    expect(alarms().length).toBeGreaterThan(25);
    for (const { service, logicalId, properties } of alarms()) {
      expect(properties, `${service.name}/${logicalId}`).toMatchObject({ AlarmActions: [alarmTopic], OKActions: [alarmTopic] });
    }
  });
});

describe("the stage's dashboard", () => {
  type MetricLine = Array<string | Record<string, unknown>>;
  let metrics: MetricLine[];

  beforeAll(() => {
    const dashboards = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::CloudWatch::Dashboard').map(([, dashboard]) => ({ service, dashboard })),
    );
    expect(dashboards.map(({ service }) => service.name)).toEqual(['platform']);
    const { dashboard } = dashboards[0]!;
    expect(dashboard.Properties['DashboardName']).toBe('ecommerce-qa');
    const body = JSON.parse((dashboard.Properties['DashboardBody'] as { 'Fn::Sub': string })['Fn::Sub']) as {
      widgets: Array<{ properties: { metrics: MetricLine[] } }>;
    };
    metrics = body.widgets.flatMap((widget) => widget.properties.metrics);
  });

  /** The values of one dimension over the dashboard's lines of a metric. */
  const shown = (namespace: string, metricName: string, dimension: string) =>
    metrics
      .filter((line) => line[0] === namespace && line[1] === metricName)
      .map((line) => line[line.indexOf(dimension) + 1])
      .sort();

  const propertiesOf = (type: string) =>
    services.flatMap((service) =>
      resourcesOfType(service.template, type).map(([, resource]: [string, Resource]) => resource.Properties),
    );

  it('shows the errors of every function', () => {
    expect(shown('AWS/Lambda', 'Errors', 'FunctionName')).toEqual(
      propertiesOf('AWS::Lambda::Function')
        .map((fn) => fn['FunctionName'])
        .sort(),
    );
  });

  it('shows the 5XX answers of every API', () => {
    expect(shown('AWS/ApiGateway', '5XXError', 'ApiName')).toEqual(
      propertiesOf('AWS::ApiGateway::RestApi')
        .map((api) => api['Name'])
        .sort(),
    );
  });

  it('shows the depth of every dead-letter queue', () => {
    expect(shown('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName')).toEqual(
      deadLetterQueues(services)
        .map(({ queue }) => queue.Properties['QueueName'])
        .sort(),
    );
  });

  it('shows the p50 and p99 of the duration of createOrder and getOrder', () => {
    for (const name of ['orders-qa-createOrder', 'orders-qa-getOrder']) {
      const lines = metrics.filter((line) => line[1] === 'Duration' && line[3] === name);
      expect(lines.map((line) => (line[4] as { stat: string }).stat).sort(), name).toEqual(['p50', 'p99']);
    }
  });

  it('shows the KPIs, from the namespace the alarms read the services metrics in', () => {
    const text = JSON.stringify(metrics);

    expect(shown(metricsNamespace, 'OrderCreated', 'service')).toEqual(['orders']);
    expect(shown(metricsNamespace, 'OrderShipped', 'service')).toEqual(['orders']);
    expect(shown(metricsNamespace, 'OrderFulfilled', 'service')).toEqual(['orders']);
    expect(text).toContain(`{\\"${metricsNamespace}\\",reason,service} MetricName=\\"OrderFailed\\"`);
    expect(text).toContain(`{\\"${metricsNamespace}\\",currency,service} MetricName=\\"OrderCreatedTotal\\"`);
  });

  it('shows what changed after orders were placed: changes, refunds and credit notes', () => {
    const text = JSON.stringify(metrics);

    for (const metric of ['OrderModified', 'PaymentRefunded', 'CreditNoteIssued']) {
      expect(text).toContain(`{\\"${metricsNamespace}\\",service} MetricName=\\"${metric}\\"`);
    }
  });
});
