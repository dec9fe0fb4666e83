import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricTotals } from '../../src/metrics.js';

const emf = (service: string, metrics: Record<string, number>, dimensions: Record<string, string> = {}) =>
  JSON.stringify({
    _aws: {
      Timestamp: 0,
      CloudWatchMetrics: [
        {
          Namespace: 'ecommerce/local',
          Dimensions: [['service', ...Object.keys(dimensions)]],
          Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    service,
    ...dimensions,
    ...metrics,
  });

describe('metricTotals', () => {
  it('sums each metric of the logs per service and dimensions, skipping lines that are not metrics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-'));
    writeFileSync(
      join(dir, 'orders.log'),
      [
        'offline: POST /orders (λ: createOrder)',
        emf('orders', { OrderCreated: 1, OrderCreatedTotal: 6998 }),
        `(λ: createOrder) ${emf('orders', { OrderCreated: 1, OrderCreatedTotal: 1000 })}`,
        JSON.stringify({ level: 'INFO', message: 'POST /orders 201', orderId: 'o-1' }),
        emf('orders', { OrderFailed: 1 }, { reason: 'CANCELLED' }),
        '{"not json',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'billing.log'), emf('billing', { PaymentDeclined: 1 }));

    expect(metricTotals(dir)).toEqual([
      { namespace: 'ecommerce/local', service: 'orders', name: 'OrderCreated', dimensions: {}, total: 2 },
      { namespace: 'ecommerce/local', service: 'orders', name: 'OrderCreatedTotal', dimensions: {}, total: 7998 },
      { namespace: 'ecommerce/local', service: 'orders', name: 'OrderFailed', dimensions: { reason: 'CANCELLED' }, total: 1 },
      { namespace: 'ecommerce/local', service: 'billing', name: 'PaymentDeclined', dimensions: {}, total: 1 },
    ]);
  });

  it('finds nothing where there are no logs', () => {
    expect(metricTotals(join(tmpdir(), 'no-such-folder'))).toEqual([]);
  });
});
