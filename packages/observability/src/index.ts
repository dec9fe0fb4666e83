import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';

// One logger and one metrics buffer per function bundle. Their service name, log level and metrics
// namespace come from the environment each service's serverless.yml sets: POWERTOOLS_SERVICE_NAME,
// POWERTOOLS_LOG_LEVEL and POWERTOOLS_METRICS_NAMESPACE (ecommerce-<stage>).
export const logger = new Logger();
const metrics = new Metrics();

/**
 * The pipeline's metrics, in the namespace `ecommerce/<stage>` where the stage's alarms and dashboard
 * read them (tools/monitoring). Their only dimensions are the service and, for OrderFailed, the
 * reason, for OrderCreatedTotal the currency, for OrderStalled the step: never an order id, which
 * would make a metric per order.
 */
export type PipelineMetric =
  | 'OrderCreated'
  | 'OrderCreatedTotal'
  | 'OrderFulfilled'
  | 'OrderModified'
  | 'OrderFailed'
  | 'PaymentDeclined'
  | 'PaymentRefunded'
  | 'CreditNoteIssued'
  | 'OutboxEventsRelayed'
  | 'OutboxForeignEventsRefused'
  | 'UnconfirmedEventsRefused'
  | 'OrderStalled';

/** Why an order ended without being shipped: the `reason` dimension of OrderFailed. */
export type FailureReason = 'PAYMENT_FAILED' | 'SHIPMENT_ERROR' | 'CANCELLED';

/** Counts `value` of a metric in this invocation; it is published when the invocation ends. */
export const count = (name: Exclude<PipelineMetric, 'OrderFailed' | 'OrderCreatedTotal' | 'OrderStalled'>, value = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

/** Adds an order's total (in minor units) to the value of the orders created, per currency: amounts of two currencies never add up. */
export const countOrderValue = (amount: number, currency: string): void => {
  const single = metrics.singleMetric();
  single.addDimension('currency', currency);
  single.addMetric('OrderCreatedTotal', MetricUnit.Count, amount);
};

/** Counts an order that ended without being shipped, by why. */
export const countFailedOrder = (reason: FailureReason): void => {
  const single = metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric('OrderFailed', MetricUnit.Count, 1);
};

/**
 * Counts an order marked stalled in `step` (the status it waited in past the step's deadline):
 * once with the service as its only dimension, what the operators' alarm watches, and once per
 * step, to see where orders stall.
 */
export const countStalledOrder = (step: string): void => {
  metrics.addMetric('OrderStalled', MetricUnit.Count, 1);
  const single = metrics.singleMetric();
  single.addDimension('step', step);
  single.addMetric('OrderStalled', MetricUnit.Count, 1);
};

/** The order and event a log line is about, so that one order's trail can be found across services. */
export const correlate = (keys: { orderId?: string; eventId?: string; eventType?: string }): void => {
  logger.appendKeys(keys);
};

/**
 * Every invocation logs with the Lambda context (request id, cold start) and only its own keys,
 * and publishes the metrics it counted, in CloudWatch's embedded metric format, even when it fails.
 * An invocation that counted nothing publishes nothing (Powertools would warn on every one).
 */
export const observed = <E, R>(): MiddlewareObj<E, R> => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  const context = injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj<E, R>;
  return {
    before: context.before,
    after: async (request) => {
      await context.after?.(request);
      await publish();
    },
    onError: async (request) => {
      await context.onError?.(request);
      await publish();
    },
  };
};

/** A function that no event starts but a schedule (the outbox's catch-up, the sweep of stalled orders), logged and measured as every other one. */
export const observedTask = <R>(task: () => Promise<R>) =>
  middy<unknown, R>()
    .use(observed<unknown, R>())
    .handler(() => task());
