import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const context = {
  functionName: 'orders-qa-createOrder',
  awsRequestId: 'req-1',
  invokedFunctionArn: 'arn',
  memoryLimitInMB: '256',
} as unknown as Context;

/** A JSON log line, or an embedded-metric one with its directive under `_aws`. */
type LogLine = Record<string, unknown> & {
  _aws?: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: unknown[] }> };
};

/** Every line the module writes to stdout while `act` runs, parsed. */
const linesWritten = async (act: (module: typeof import('../../src/index.js')) => Promise<void>) => {
  vi.resetModules();
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
  const module = await import('../../src/index.js');
  await act(module);
  vi.restoreAllMocks();
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
};

/** An invocation through the middleware: before, the handler's work, then after (or onError when it throws). */
const invoke = async (module: typeof import('../../src/index.js'), work: () => void, fails = false) => {
  const middleware = module.observed<unknown, unknown>();
  const request = { event: {}, context, response: undefined, error: undefined, internal: {} } as never;
  await middleware.before?.(request);
  work();
  await (fails ? middleware.onError?.(request) : middleware.after?.(request));
};

beforeEach(() => {
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'orders');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'ecommerce/qa');
  vi.stubEnv('POWERTOOLS_DEV', '');
});
afterEach(() => vi.unstubAllEnvs());

describe('an observed invocation', () => {
  it('publishes what it counted in the embedded metric format, under the stage namespace and the service', async () => {
    const lines = await linesWritten((module) =>
      invoke(module, () => {
        module.count('OrderCreated');
        module.countOrderValue(6998, 'EUR');
      }),
    );

    const emf = lines.find((line) => line['OrderCreated'] !== undefined);
    expect(emf?._aws?.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'ecommerce/qa',
      Dimensions: [['service']],
      Metrics: expect.arrayContaining([{ Name: 'OrderCreated', Unit: 'Count' }]),
    });
    expect(emf).toMatchObject({ service: 'orders', OrderCreated: 1 });
    const value = lines.find((line) => line['OrderCreatedTotal'] !== undefined);
    expect(value?._aws?.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'currency']));
    expect(value).toMatchObject({ currency: 'EUR', OrderCreatedTotal: 6998 });
  });

  it('publishes a failed order with its reason as a dimension, even when the invocation fails', async () => {
    const lines = await linesWritten((module) => invoke(module, () => module.countFailedOrder('PAYMENT_FAILED'), true));

    const emf = lines.find((line) => line['OrderFailed'] !== undefined);
    expect(emf?._aws?.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(expect.arrayContaining(['service', 'reason']));
    expect(emf).toMatchObject({ reason: 'PAYMENT_FAILED', OrderFailed: 1 });
  });

  it('publishes a stalled order once for the alarm (service only) and once by the step it stalled in', async () => {
    const lines = await linesWritten((module) => invoke(module, () => module.countStalledOrder('PAYMENT_CONFIRMED')));

    const stalled = lines.filter((line) => line['OrderStalled'] !== undefined);
    expect(stalled.map((line) => line._aws?.CloudWatchMetrics[0]?.Dimensions[0]?.slice().sort())).toEqual(
      expect.arrayContaining([['service'], ['service', 'step']]),
    );
    expect(stalled).toHaveLength(2);
    expect(stalled.find((line) => line['step'] !== undefined)).toMatchObject({ step: 'PAYMENT_CONFIRMED', OrderStalled: 1 });
    expect(stalled.find((line) => line['step'] === undefined)).toMatchObject({ service: 'orders', OrderStalled: 1 });
  });

  it('publishes nothing when it counted nothing', async () => {
    const lines = await linesWritten((module) => invoke(module, () => {}));

    expect(lines.filter((line) => line._aws)).toEqual([]);
  });

  it('logs JSON with the Lambda context and the order it is about, and forgets the order afterwards', async () => {
    const lines = await linesWritten(async (module) => {
      await invoke(module, () => {
        module.correlate({ orderId: 'ord-1', eventId: 'evt-1' });
        module.logger.info('handled');
      });
      await invoke(module, () => module.logger.info('next'));
    });

    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'handled',
      service: 'orders',
      orderId: 'ord-1',
      eventId: 'evt-1',
      function_request_id: 'req-1',
      cold_start: expect.any(Boolean),
    });
    expect(lines[1]).toMatchObject({ message: 'next' });
    expect(lines[1]).not.toHaveProperty('orderId');
  });
});
