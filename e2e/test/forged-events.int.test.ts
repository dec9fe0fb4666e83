import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { createApiClient } from '@ecommerce/api-client';
import { jsonLines, logDirectory, metricTotals, orderEventsTopicArn, reportFigure } from '@ecommerce/local-cloud';
import type { OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import {
  bookingsOf,
  journal,
  moneyOf,
  orderFor,
  ordersApiAs,
  ordersUrl,
  placeOrder,
  someProducts,
  uniqueCustomer,
  waitForEvent,
  settling,
} from './stack.js';

needs('local-issuer', 'sns-hub', 'event-journal', 'payment-ledger', 'payment-sandbox-cards', 'carrier-sandbox', 'local-logs');

// Whoever moves money or goods confirms the fact with its owner (RELIABILITY.md, "Trust between
// services"). Each test takes a real event of one order, re-addresses it to another, and publishes
// it on the local SNS hub as any publisher of the topic could: valid by every schema, a new id.

const sns = new SNSClient({});

/** A real event of one order, made to look like one of another: a new id, the other order, now. */
const forgedFrom = <T extends OrderEvent>(real: T, orderId: string, data: T['data'] = real.data): T => {
  const forged = { ...real, id: randomUUID(), orderId, time: new Date().toISOString(), data };
  const validate = eventValidators[forged.type];
  if (!validate(forged)) throw new Error(`the forged ${real.type} is not valid: ${JSON.stringify(validate.errors)}`);
  return forged;
};

const publish = (event: OrderEvent) =>
  sns.send(
    new PublishCommand({
      TopicArn: orderEventsTopicArn,
      Message: JSON.stringify(event),
      MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
    }),
  );

/** Billing's log lines about one event: its decision, when it refuses what the owner does not confirm. */
const billingLinesAbout = (eventId: string) =>
  readdirSync(logDirectory)
    .filter((file) => file.endsWith('.log'))
    .flatMap((file) => jsonLines(readFileSync(join(logDirectory, file), 'utf8')))
    .filter((line) => line['service'] === 'billing' && line['eventId'] === eventId);

/**
 * Waits until billing has decided on a forged event: it logged its refusal, or the money moved
 * (what the attacker wanted, which the test's next line then shows).
 */
const billingDecided = (event: OrderEvent, moneyMoved: () => Promise<boolean>) =>
  expect
    .poll(
      async () =>
        billingLinesAbout(event.id).some(
          (line) => line['level'] === 'WARN' && /nothing (refunded|charged)/.test(String(line['message'])),
        ) || (await moneyMoved()),
      { ...settling, timeout: 20_000, message: `billing to decide on the forged ${event.type}` },
    )
    .toBe(true);

/** The events billing refused because their owner did not confirm them (UnconfirmedEventsRefused, which has an alarm). */
const refusalsCounted = () =>
  metricTotals()
    .filter(({ service, name }) => service === 'billing' && name === 'UnconfirmedEventsRefused')
    .reduce((sum, { total }) => sum + total, 0);

/** Billing counted a refusal since `before`: the alarm on UnconfirmedEventsRefused would fire. */
const refusalCounted = (before: number) =>
  expect.poll(refusalsCounted, { ...settling, message: 'billing to count its refusal' }).toBeGreaterThan(before);

const statusOf = async (customerId: string, orderId: string) =>
  (await ordersApiAs(customerId).GET('/orders/{orderId}', { params: { path: { orderId } } })).data?.status;

const waitForStatus = (customerId: string, orderId: string, status: string, timeoutMs = 30_000) =>
  expect
    .poll(() => statusOf(customerId, orderId), { ...settling, timeout: timeoutMs, message: `order ${orderId} to be ${status}` })
    .toBe(status);

const place = async (paymentToken = 'pm_card_visa') => {
  const customerId = uniqueCustomer();
  const { data } = await placeOrder({ ...orderFor(customerId, await someProducts(1)), paymentToken });
  return { customerId, orderId: data!.orderId, total: data!.total.amount };
};

/** A shipped order, whose real events the tests copy. */
const shipped = async () => {
  const order = await place();
  await waitForStatus(order.customerId, order.orderId, 'SHIPPED');
  return order;
};

/** Nothing changes for `ms`: what a forged event might still do has had its time. */
const unchangedFor = async <T>(ms: number, read: () => Promise<T>): Promise<T> => {
  const first = JSON.stringify(await read());
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await read();
    expect(JSON.stringify(now)).toBe(first);
  }
  return read();
};

describe('a forged event, re-addressed to another order and published on the topic', () => {
  it('ORDER_CANCELLED after the order SHIPPED refunds nothing: orders does not hold it cancelled', async () => {
    const target = await shipped();
    // A real cancellation, of an order cancelled while its card was being charged.
    const source = await place('pm_card_slowProvider');
    await waitForStatus(source.customerId, source.orderId, 'INVOICE_CREATED');
    await ordersApiAs(source.customerId).POST('/orders/{orderId}/cancel', { params: { path: { orderId: source.orderId } } });
    const real = await waitForEvent(source.orderId, 'ORDER_CANCELLED');
    const before = await moneyOf(target.orderId);
    expect(before).toEqual({ charged: target.total, refunds: [], refunded: 0 });

    const forged = forgedFrom(real as OrderEvent<'ORDER_CANCELLED'>, target.orderId);
    const refusals = refusalsCounted();
    const started = performance.now();
    await publish(forged);
    await billingDecided(forged, async () => JSON.stringify(await moneyOf(target.orderId)) !== JSON.stringify(before));
    const decidedMs = Math.round(performance.now() - started);
    await refusalCounted(refusals);

    expect(await unchangedFor(3_000, () => moneyOf(target.orderId))).toEqual(before);
    expect(await statusOf(target.customerId, target.orderId)).toBe('SHIPPED');
    expect((await journal(target.orderId)).filter((event) => event.type === 'PAYMENT_REFUNDED')).toEqual([]);
    reportFigure('trust between services', {
      forged: 'ORDER_CANCELLED after SHIPPED',
      refunded: 0,
      charged: target.total,
      decidedMs,
    });
  }, 90_000);

  it('PAYMENT_CONFIRMED after a decline books nothing: orders does not hold the order paid', async () => {
    const source = await shipped();
    const declined = await place('pm_card_chargeDeclined');
    await waitForStatus(declined.customerId, declined.orderId, 'PAYMENT_FAILED');
    const real = await waitForEvent(source.orderId, 'PAYMENT_CONFIRMED');

    const forged = forgedFrom(real as OrderEvent<'PAYMENT_CONFIRMED'>, declined.orderId);
    await publish(forged);
    // Orders records every event in the history, the forged one too; its status stays where it was.
    await expect
      .poll(
        async () => {
          const { data } = await ordersApiAs(declined.customerId).GET('/orders/{orderId}', {
            params: { path: { orderId: declined.orderId } },
          });
          return data?.history.map((entry) => entry.status);
        },
        { ...settling, message: 'orders to record the forged payment' },
      )
      .toContain('PAYMENT_CONFIRMED');

    expect(await unchangedFor(5_000, () => bookingsOf(declined.orderId))).toEqual([]);
    expect(await statusOf(declined.customerId, declined.orderId)).toBe('PAYMENT_FAILED');
    expect((await journal(declined.orderId)).map((event) => event.type)).not.toContain('SHIPPED');
    expect(await moneyOf(declined.orderId)).toEqual({ charged: 0, refunds: [], refunded: 0 });
    reportFigure('trust between services', { forged: 'PAYMENT_CONFIRMED after a decline', bookings: 0 });
  }, 90_000);

  it('a 1-cent INVOICE_CREATED while the real invoice is being charged charges nothing but the real total, once', async () => {
    const source = await shipped();
    const real = await waitForEvent(source.orderId, 'INVOICE_CREATED');
    // The provider takes 3 s to answer for this card: the forged invoice arrives while billing waits.
    const target = await place('pm_card_slowProvider');
    await waitForStatus(target.customerId, target.orderId, 'INVOICE_CREATED');

    const invoice = real as OrderEvent<'INVOICE_CREATED'>;
    // A new invoice id, as a forger would choose: the provider then sees a charge of its own.
    const forged = forgedFrom(invoice, target.orderId, {
      ...invoice.data,
      invoiceId: `inv-${randomUUID()}`,
      total: { ...invoice.data.total, amount: 1 },
    });
    const refusals = refusalsCounted();
    await publish(forged);
    await billingDecided(forged, async () => (await moneyOf(target.orderId)).charged > target.total);
    await refusalCounted(refusals);
    await waitForStatus(target.customerId, target.orderId, 'SHIPPED');

    expect(await unchangedFor(3_000, () => moneyOf(target.orderId))).toEqual({ charged: target.total, refunds: [], refunded: 0 });
    const payments = (await journal(target.orderId)).filter((event) => event.type === 'PAYMENT_CONFIRMED');
    expect(payments.map((event) => (event as OrderEvent<'PAYMENT_CONFIRMED'>).data.amount.amount)).toEqual([target.total]);
    reportFigure('trust between services', { forged: 'INVOICE_CREATED of 1 cent during the charge', charged: target.total });
  }, 90_000);
});

describe('what a confirmation with orders costs', () => {
  it('is one GET /internal/orders/{orderId} per decision, answering the status and total billing reads', async () => {
    const order = await shipped();
    // Orders' internal API as billing calls it (unsigned locally: serverless-offline does not check IAM).
    const internal = createApiClient({ baseUrl: ordersUrl });
    const timings: number[] = [];
    for (let read = 0; read < 50; read += 1) {
      const started = performance.now();
      const { data } = await internal.GET('/internal/orders/{orderId}', { params: { path: { orderId: order.orderId } } });
      timings.push(performance.now() - started);
      expect(data).toMatchObject({ status: 'SHIPPED', total: { amount: order.total } });
    }
    timings.sort((a, b) => a - b);
    const rank = (p: number) => Math.round(timings[Math.ceil((p / 100) * timings.length) - 1]! * 10) / 10;
    reportFigure('trust between services, one confirmation', { reads: timings.length, p50Ms: rank(50), p99Ms: rank(99) });
  }, 60_000);
});
