import { randomUUID } from 'node:crypto';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { orderEventsTopicArn, reportFigure } from '@ecommerce/local-cloud';
import type { OrderEvent } from '@ecommerce/shared-events';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  emailOf,
  invoicesUrl,
  journal,
  operatorApi,
  operatorId,
  orderFor,
  placeOrder,
  someProducts,
  storedOrdersOf,
  tokenFor,
  settling,
} from './stack.js';

needs('local-issuer', 'sns-hub', 'mailbox', 'event-journal', 'tables', 'payment-ledger', 'carrier-sandbox');

const sns = new SNSClient({});
const mailbox = 'http://127.0.0.1:8005/store';
const operatorToken = tokenFor(operatorId, ['operators']);

/** Delivers an event again exactly as its producer did: same envelope, same id, same type attribute. */
const redeliver = (event: OrderEvent) =>
  sns.send(
    new PublishCommand({
      TopicArn: orderEventsTopicArn,
      Message: JSON.stringify(event),
      MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
    }),
  );

interface Effects {
  invoices: number;
  charges: number;
  bookings: number;
  emails: number;
  historyEntries: number;
}

const effectsOf = async (orderId: string, customerEmail: string): Promise<Effects> => {
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const [invoice, charges, bookings, mail, order] = await Promise.all([
    fetch(`${invoicesUrl}/invoices/inv-${orderId}`, { headers: { authorization: `Bearer ${await operatorToken}` } }),
    fetch(`http://127.0.0.1:3010/v1/payment_intents/search?query=${query}`, {
      headers: { authorization: 'Bearer sk_test_e2e' },
    }).then((r) => r.json()),
    fetch(`http://127.0.0.1:3011/v1/shipments?reference=${orderId}`).then((r) => r.json()),
    fetch(mailbox).then((r) => r.json()),
    operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } }),
  ]);
  return {
    invoices: invoice.status === 200 ? 1 : 0,
    charges: (charges as { data: unknown[] }).data.length,
    bookings: (bookings as { data: unknown[] }).data.length,
    emails: (mail as { emails: Array<{ destination: { to: string[] } }> }).emails.filter((e) =>
      e.destination.to.includes(customerEmail),
    ).length,
    historyEntries: order.data?.history.length ?? 0,
  };
};

// Five history entries: the four events, and shipment's lock on the order (PARCEL_BOOKING).
const shippedEffects: Effects = { invoices: 1, charges: 1, bookings: 1, emails: 4, historyEntries: 5 };

/** Waits until an order's effects are those of a shipped order, each counted once. */
const allEffectsOf = (orderId: string, customerEmail: string) =>
  expect
    .poll(() => effectsOf(orderId, customerEmail), { timeout: 60_000, interval: 250, message: 'the effects of a shipped order' })
    .toEqual(shippedEffects);

/** Waits until the effects stop changing: four equal readings in a row, a second apart. */
const settled = async (orderId: string, customerEmail: string): Promise<Effects> => {
  let previous = '';
  let stable = 0;
  return vi.waitFor(
    async () => {
      const effects = await effectsOf(orderId, customerEmail);
      const reading = JSON.stringify(effects);
      stable = reading === previous ? stable + 1 : 0;
      previous = reading;
      expect(stable, 'the effects to settle').toBeGreaterThanOrEqual(3);
      return effects;
    },
    { timeout: 90_000, interval: 1_000 },
  );
};

const shippedOrder = async () => {
  const customerId = `cust-${randomUUID()}`;
  const customerEmail = emailOf(customerId);
  const { data } = await placeOrder(orderFor(customerId, await someProducts(1)));
  const orderId = data!.orderId;
  await expect
    .poll(async () => (await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } })).data?.status, {
      ...settling,
      timeout: 30_000,
      message: 'the order to ship',
    })
    .toBe('SHIPPED');
  expect(await storedOrdersOf(customerId)).toHaveLength(1);
  return { orderId, customerEmail };
};

describe('every consumer, given the same events again and again', () => {
  it.each([
    [2, 'one after another'],
    [2, 'all at once'],
    [10, 'one after another'],
    [10, 'all at once'],
    [100, 'one after another'],
    [100, 'all at once'],
  ] as const)(
    'delivered %i times %s, still makes one invoice, one charge, one shipment, one email per event and one history entry each',
    async (times, mode) => {
      const { orderId, customerEmail } = await shippedOrder();
      await allEffectsOf(orderId, customerEmail);
      // The journal is a consumer like the others: it may record the last events a moment later.
      const events = await vi.waitFor(async () => {
        const recorded = await journal(orderId);
        expect(recorded, 'the four events in the journal').toHaveLength(4);
        return recorded;
      }, settling);
      expect(events.map((e) => e.type).sort()).toEqual(['INVOICE_CREATED', 'ORDER_CREATED', 'PAYMENT_CONFIRMED', 'SHIPPED']);

      // Each event arrives `times` times in all: once already, and `times - 1` more now.
      const copies = events.flatMap((event) => Array.from({ length: times - 1 }, () => event));
      const started = performance.now();
      if (mode === 'all at once') await Promise.all(copies.map(redeliver));
      else for (const copy of copies) await redeliver(copy);
      const after = await settled(orderId, customerEmail);

      expect(after).toEqual(shippedEffects);
      reportFigure('idempotent consumers', {
        timesEachEvent: times,
        mode,
        deliveries: events.length * times,
        ...after,
        settleMs: Math.round(performance.now() - started),
      });
    },
    // Up to 400 deliveries fan out to five consumers on a two-core machine.
    180_000,
  );
});

describe('an ORDER_CREATED delivered ten times while the first delivery is still under way', () => {
  it('still makes one invoice, one charge, one shipment and one email per event', async () => {
    const customerId = `cust-${randomUUID()}`;
    const customerEmail = emailOf(customerId);
    const { data } = await placeOrder(orderFor(customerId, await someProducts(1)));
    const orderId = data!.orderId;
    const created = await vi.waitFor(
      async () => {
        const event = (await journal(orderId)).find((e) => e.type === 'ORDER_CREATED');
        expect(event, 'ORDER_CREATED in the journal').toBeDefined();
        return event!;
      },
      { ...settling, interval: 10 },
    );

    await Promise.all(Array.from({ length: 9 }, () => redeliver(created)));
    await allEffectsOf(orderId, customerEmail);
    const effects = await settled(orderId, customerEmail);

    expect(effects).toEqual(shippedEffects);
    reportFigure('idempotent consumers, raced', { timesOrderCreated: 10, ...effects });
  }, 180_000);
});
