// @ts-check
/**
 * The stage's CloudWatch dashboard, for the service that owns what the stage shares (platform): the
 * KPIs, the latency of the functions named in `custom.dashboard.latency`, the errors of every
 * function and API, and the depth of every dead-letter queue of every other service in the same
 * folder. Those are read from their own serverless.yml (as the local cloud reads them), so a new
 * function or service shows up on the next deploy of platform without being listed here;
 * tools/stack-checks proves the dashboard names exactly what the packaged templates hold.
 *
 * The services' own metrics are read where Powertools Metrics puts them:
 * `custom.dashboard.metricsNamespace`, dimension `service`, and
 * - OrderCreated, OrderFulfilled (count, service orders);
 * - OrderFailed (count, service orders, `reason`: PAYMENT_FAILED, SHIPMENT_ERROR or CANCELLED);
 * - OrderCreatedTotal (the order's total in minor units, service orders, `currency`);
 * - OutboxEventsRelayed (count, each service with an outbox);
 * - OrderModified (count, service orders), PaymentRefunded (count, service billing), CreditNoteIssued
 *   (count, service invoice): what changed after orders were placed, and the money that went back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/**
 * @typedef {{ name: string, functions: string[], hasApi: boolean, deadLetterQueues: string[],
 *   p99DurationMs: Record<string, number> }} WatchedService
 */

/** A name written with `${self:service}` and `${sls:stage}`, as serverless would resolve it. */
const resolveName = (
  /** @type {string} */ file,
  /** @type {string} */ raw,
  /** @type {string} */ service,
  /** @type {string} */ stage,
) => {
  const name = raw.replaceAll('${self:service}', service).replaceAll('${sls:stage}', stage);
  if (name.includes('${'))
    throw new Error(`${file}: the dashboard can resolve only \${self:service} and \${sls:stage} in ${raw}`);
  return name;
};

/**
 * A value a serverless.yml takes whole from another file (`${file(../../serverless.common.yml):deadLetters.queue}`),
 * read from that file as serverless would; any other value as it is.
 * @param {string} file the serverless.yml @param {unknown} value @returns {any}
 */
const fromFileReference = (file, value) => {
  const reference = typeof value === 'string' ? /^\$\{file\(([^)]+)\):([A-Za-z0-9_.-]+)\}$/.exec(value) : null;
  if (!reference) return value;
  const [, path, key] = /** @type {[string, string, string]} */ (reference);
  return key.split('.').reduce((found, part) => found?.[part], parse(readFileSync(resolve(dirname(file), path), 'utf8')));
};

/**
 * The functions, API and dead-letter queues of every service beside `serviceDir`, by the names
 * serverless gives them on `stage`.
 * @param {string} serviceDir @param {string} stage @returns {WatchedService[]}
 */
export const siblingServices = (serviceDir, stage) => {
  const parent = dirname(resolve(serviceDir));
  return readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && resolve(parent, entry.name) !== resolve(serviceDir))
    .map((entry) => join(parent, entry.name, 'serverless.yml'))
    .filter((file) => existsSync(file))
    .map((file) => {
      const config = parse(readFileSync(file, 'utf8'), { logLevel: 'silent' });
      const name = config.service;
      /** @type {Array<[string, { name?: string, events?: Array<Record<string, unknown>> }]>} */
      const functions = Object.entries(config.functions ?? {});
      for (const [key, fn] of functions) {
        if (fn.name !== undefined) throw new Error(`${file}: ${key} has a name of its own, which the dashboard does not know`);
      }
      return {
        name,
        functions: functions.map(([key]) => `${name}-${stage}-${key}`),
        hasApi: functions.some(([, fn]) => (fn.events ?? []).some((event) => 'http' in event)),
        deadLetterQueues: Object.values(config.resources?.Resources ?? {})
          .map((resource) => fromFileReference(file, resource))
          .filter((resource) => resource.Type === 'AWS::SQS::Queue')
          .map((resource) => resolveName(file, resource.Properties.QueueName, name, stage)),
        p99DurationMs: config.custom?.alarms?.p99DurationMs ?? {},
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
};

/**
 * @param {{ stage: string, metricsNamespace: string, services: WatchedService[], latency: string[] }} options
 * @returns {object} the dashboard's body, with `${AWS::Region}` for Fn::Sub to fill in
 */
export const dashboardBody = ({ stage, metricsNamespace, services, latency }) => {
  const region = '${AWS::Region}';
  /** @param {string} title @param {unknown[]} metrics @param {Record<string, unknown>} [options] */
  const graph = (title, metrics, options = {}) => ({
    type: 'metric',
    width: 12,
    height: 6,
    properties: { title, region, view: 'timeSeries', stat: 'Sum', period: 300, metrics, ...options },
  });
  /** Every series of a metric of the services, one per value of its dimensions (a metric math entry). */
  const search = (/** @type {string} */ metric, /** @type {string[]} */ dimensions, /** @type {string} */ id) => [
    { expression: `SEARCH('{"${metricsNamespace}",${dimensions.join(',')}} MetricName="${metric}"', 'Sum', 300)`, id },
  ];
  const kpi = (/** @type {string} */ metric, /** @type {string} */ label) => [
    metricsNamespace,
    metric,
    'service',
    'orders',
    { label },
  ];

  const latencyGraphs = latency.map((path) => {
    const [serviceName, fn] = path.split('.');
    const service = services.find((candidate) => candidate.name === serviceName);
    const functionName = `${serviceName}-${stage}-${fn}`;
    if (!service?.functions.includes(functionName))
      throw new Error(`custom.dashboard.latency names ${path}, which no service has`);
    const thresholdMs = service.p99DurationMs[/** @type {string} */ (fn)];
    return graph(
      `${fn} duration (ms)`,
      ['p50', 'p99'].map((stat) => ['AWS/Lambda', 'Duration', 'FunctionName', functionName, { stat, label: stat }]),
      thresholdMs ? { annotations: { horizontal: [{ label: `p99 alarm`, value: thresholdMs }] } } : {},
    );
  });

  return {
    widgets: [
      graph('Orders', [
        kpi('OrderCreated', 'created'),
        kpi('OrderFulfilled', 'fulfilled (shipped)'),
        search('OrderFailed', ['reason', 'service'], 'failed'),
      ]),
      graph('Value of the orders created (minor units)', [search('OrderCreatedTotal', ['currency', 'service'], 'value')]),
      graph('Changes after ordering', [
        search('OrderModified', ['service'], 'modified'),
        search('PaymentRefunded', ['service'], 'refunded'),
        search('CreditNoteIssued', ['service'], 'creditNotes'),
      ]),
      ...latencyGraphs,
      ...services
        .filter((service) => service.functions.length > 0)
        .map((service) =>
          graph(
            `Errors: ${service.name}`,
            service.functions.map((name) => ['AWS/Lambda', 'Errors', 'FunctionName', name, { label: name }]),
            { period: 60 },
          ),
        ),
      graph(
        'API answers 5XX',
        services
          .filter((service) => service.hasApi)
          .map((service) => ['AWS/ApiGateway', '5XXError', 'ApiName', `${stage}-${service.name}`, 'Stage', stage]),
        { period: 60 },
      ),
      graph(
        'Dead letters (pnpm dead-letters)',
        services.flatMap((service) =>
          service.deadLetterQueues.map((queue) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', queue]),
        ),
        { stat: 'Maximum' },
      ),
      graph('Events the outbox relays had to publish', [search('OutboxEventsRelayed', ['service'], 'relayed')]),
    ],
  };
};

export default class Dashboard {
  /** @param {any} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:aws:package:finalize:mergeCustomProviderResources': () => this.apply() };
  }

  apply() {
    const { custom = {}, provider } = this.serverless.service;
    const { metricsNamespace, latency = [] } = custom.dashboard ?? {};
    if (!metricsNamespace) throw new Error('custom.dashboard needs metricsNamespace (serverless.common.yml monitoring)');
    const stage = provider.stage;
    const body = dashboardBody({
      stage,
      metricsNamespace,
      services: siblingServices(this.serverless.serviceDir, stage),
      latency,
    });
    provider.compiledCloudFormationTemplate.Resources.Dashboard = {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: {
        DashboardName: `ecommerce-${stage}`,
        DashboardBody: { 'Fn::Sub': JSON.stringify(body) },
      },
    };
  }
}
