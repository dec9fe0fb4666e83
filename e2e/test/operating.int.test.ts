import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, logDirectory } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { metricTotal, operatorApi, orderFor, placeOrder, someProducts, uniqueCustomer, settling } from './stack.js';

needs('local-issuer', 'local-logs');

/** Every JSON log line of the local cloud about one order. */
const logLinesAbout = (orderId: string) =>
  readdirSync(logDirectory)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => jsonLines(readFileSync(join(logDirectory, file), 'utf8')))
    .filter((line) => line['orderId'] === orderId);

describe('an order that ships, as operators see it', () => {
  it('is counted as created and fulfilled, in the embedded metric format', async () => {
    const [created, fulfilled] = [metricTotal('OrderCreated'), metricTotal('OrderFulfilled')];

    const { data } = await placeOrder(orderFor(uniqueCustomer(), await someProducts(1)));
    await expect
      .poll(
        async () => (await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId: data!.orderId } } })).data?.status,
        {
          ...settling,
          message: 'the order to ship',
        },
      )
      .toBe('SHIPPED');

    // Other tests place orders at the same time: the totals grow by at least this one.
    await expect
      .poll(() => metricTotal('OrderCreated') > created && metricTotal('OrderFulfilled') > fulfilled, {
        ...settling,
        message: 'the metrics in the logs',
      })
      .toBe(true);
  });

  it('leaves a trail of log lines with its id in every service it went through', async () => {
    const { data } = await placeOrder(orderFor(uniqueCustomer(), await someProducts(1)));
    const orderId = data!.orderId;

    const services = await vi.waitFor(() => {
      const seen = new Set(logLinesAbout(orderId).map((line) => line['service']));
      expect([...seen], 'log lines of the order from orders, invoice, billing, shipment and email').toEqual(
        expect.arrayContaining(['orders', 'invoice', 'billing', 'shipment', 'email']),
      );
      return seen;
    }, settling);

    expect(services.size).toBeGreaterThanOrEqual(4);
    const lines = logLinesAbout(orderId);
    expect(lines.every((line) => typeof line['level'] === 'string' && typeof line['timestamp'] === 'string')).toBe(true);
    // What a customer entered to pay and where to deliver never reaches a log.
    expect(JSON.stringify(lines)).not.toMatch(/pm_card_visa|St James's Square/);
  });
});
