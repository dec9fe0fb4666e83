import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonLines, logDirectory } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  bookingsOf,
  collectNow,
  metricTotal,
  operatorApi,
  orderFor,
  placeOrder,
  settling,
  someProducts,
  uniqueCustomer,
} from './stack.js';

needs('local-issuer', 'local-logs', 'carrier-sandbox');

/** Every JSON log line of the local cloud about one order. */
const logLinesAbout = (orderId: string) =>
  readdirSync(logDirectory)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => jsonLines(readFileSync(join(logDirectory, file), 'utf8')))
    .filter((line) => line['orderId'] === orderId);

describe('an order that ships, as operators see it', () => {
  it('is counted as created, shipped, and fulfilled once delivered, in the embedded metric format', async () => {
    const [created, shipped, fulfilled] = ['OrderCreated', 'OrderShipped', 'OrderFulfilled'].map(metricTotal);
    const reached = (orderId: string, status: string) =>
      expect
        .poll(async () => (await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } })).data?.status, {
          ...settling,
          message: `the order to be ${status}`,
        })
        .toBe(status);

    const { data } = await placeOrder(orderFor(uniqueCustomer(), await someProducts(1)));
    await reached(data!.orderId, 'SHIPPED');
    await collectNow((await bookingsOf(data!.orderId))[0]!.shipmentId);
    await reached(data!.orderId, 'DELIVERED');

    // Other tests place orders at the same time: the totals grow by at least this one.
    await expect
      .poll(
        () =>
          metricTotal('OrderCreated') > created! &&
          metricTotal('OrderShipped') > shipped! &&
          metricTotal('OrderFulfilled') > fulfilled!,
        { ...settling, message: 'the metrics in the logs' },
      )
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
