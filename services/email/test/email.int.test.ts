import { createDocumentClient } from '@ecommerce/lambda-kit';
import { exampleData, exampleEvent } from '@ecommerce/shared-events';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEmailLeases } from '../src/adapters/email-leases.js';
import { createSesMailer } from '../src/adapters/mailer.js';
import { createOrderCopies } from '../src/adapters/order-summaries.js';
import type { OrderCopy } from '../src/domain/order-summary.js';
import { sendEmail } from '../src/functions/send-email/send-email.js';

// The adapters as they run on AWS, against aws-ses-v2-local and DynamoDB Local.
const mailer = createSesMailer({ sender: 'orders@shop.example' });
const leases = createEmailLeases({ tableName: 'email-local' });
const summaries = createOrderCopies({ tableName: 'email-local' });

const summaryOfNewOrder = (): OrderCopy => {
  const { customerEmail, items, subtotal, delivery, total, deliveryAddress } = exampleData.ORDER_CREATED;
  return { orderId: `ord-${randomUUID()}`, customerEmail, items, subtotal, delivery, total, deliveryAddress };
};
const at = (iso: string) => new Date(iso);

/** The mailbox of aws-ses-v2-local: every email sent. */
const mailbox = async () => ((await (await fetch('http://127.0.0.1:8005/store')).json()) as { emails: StoredEmail[] }).emails;

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

describe('the email adapters on the local cloud', () => {
  it('sends a text and HTML email through SES v2 that the local mailbox shows', async () => {
    const to = `ada+${randomUUID()}@example.com`;

    const { messageId } = await mailer.send(
      { to, subject: 'Your order is on its way', text: 'Tracking LP1', html: '<p>Tracking LP1</p>' },
      { eventType: 'SHIPPED' },
    );

    expect((await mailbox()).find((email) => email.destination.to.includes(to))).toMatchObject({
      messageId,
      from: 'orders@shop.example',
      subject: 'Your order is on its way',
      body: { text: 'Tracking LP1', html: '<p>Tracking LP1</p>' },
    });
  });

  it('lets one of many concurrent deliveries lease the email of an event, and none after it is sent', async () => {
    const orderId = `ord-${randomUUID()}`;
    const eventId = randomUUID();
    const now = new Date();

    const taken = await Promise.all(Array.from({ length: 10 }, () => leases.lease(orderId, eventId, now)));
    await leases.markSent(orderId, eventId, 'm-1');

    expect(taken.filter((lease) => lease.leased)).toHaveLength(1);
    expect(await leases.lease(orderId, eventId, new Date(now.getTime() + 3_600_000))).toEqual({ leased: false });
  });

  it('lets a lease be taken again once it was given back, or once it is stale, and never one marked sent', async () => {
    const orderId = `ord-${randomUUID()}`;
    const [released, stale, sentOne] = [randomUUID(), randomUUID(), randomUUID()];
    const now = new Date();
    await leases.lease(orderId, released, now);
    await leases.lease(orderId, stale, now);
    await leases.lease(orderId, sentOne, now);
    await leases.markSent(orderId, sentOne, 'm-1');

    await leases.release(orderId, released);
    await leases.release(orderId, sentOne);

    expect((await leases.lease(orderId, released, now)).leased).toBe(true);
    expect((await leases.lease(orderId, stale, new Date(now.getTime() + 30_000))).leased).toBe(false);
    expect((await leases.lease(orderId, stale, new Date(now.getTime() + 61_000))).leased).toBe(true);
    expect((await leases.lease(orderId, sentOne, new Date(now.getTime() + 3_600_000))).leased).toBe(false);
  });

  it("keeps ORDER_CREATED's summary in its email's lease, answers it with every later lease, and never overwrites it", async () => {
    const summary = summaryOfNewOrder();
    const now = new Date();

    const first = await leases.lease(summary.orderId, randomUUID(), now, { summary, asOf: at('2026-11-21T10:00:00.000Z') });
    const other = { summary: { ...summary, customerEmail: 'someone.else@example.com' }, asOf: at('2026-11-21T11:00:00.000Z') };
    const again = await leases.lease(summary.orderId, randomUUID(), now, other);
    const later = await leases.lease(summary.orderId, randomUUID(), now);

    expect([first, again, later]).toEqual(Array(3).fill({ leased: true, summary }));
    expect(await summaries.get(summary.orderId)).toEqual(summary);
  });

  it('answers no summary with the lease of an order email keeps nothing of, and keeps one read later beside it', async () => {
    const summary = summaryOfNewOrder();
    const eventId = randomUUID();
    const now = new Date();

    const lease = await leases.lease(summary.orderId, eventId, now);
    const kept = await summaries.keep(summary, at('2026-11-21T10:00:00.000Z'), now);

    expect(lease).toEqual({ leased: true, summary: undefined });
    expect(kept).toEqual(summary);
    expect(await leases.lease(summary.orderId, eventId, now)).toEqual({ leased: false });
  });
});

describe('the summaries of orders email keeps, on DynamoDB Local', () => {
  it('keeps a summary once, answers it on a read, and never overwrites it with a later keep', async () => {
    const summary = summaryOfNewOrder();
    const now = new Date();

    expect(await summaries.get(summary.orderId)).toBeUndefined();
    const kept = await Promise.all(Array.from({ length: 5 }, () => summaries.keep(summary, at('2026-11-21T10:00:00.000Z'), now)));
    const later = await summaries.keep(
      { ...summary, customerEmail: 'someone.else@example.com' },
      at('2026-11-21T11:00:00.000Z'),
      now,
    );

    expect(kept).toEqual(Array(5).fill(summary));
    expect(later).toEqual(summary);
    expect(await summaries.get(summary.orderId)).toEqual(summary);
  });

  it('applies a change only to the fields no later change has set', async () => {
    const summary = summaryOfNewOrder();
    await summaries.keep(summary, at('2026-11-21T10:00:00.000Z'), new Date());
    const newAddress = { ...summary.deliveryAddress, street: ['1 Marylebone Road'], postalCode: 'NW1 5LR' };

    await summaries.applyChanges(summary.orderId, { customerEmail: 'ada@analytical.example' }, at('2026-11-21T10:10:00.000Z'));
    // An older change that comes late: its address is applied (no later one set it), its email is not.
    const after = await summaries.applyChanges(
      summary.orderId,
      { customerEmail: 'ada@old.example', deliveryAddress: newAddress },
      at('2026-11-21T10:05:00.000Z'),
    );
    // The same change delivered again changes nothing.
    const again = await summaries.applyChanges(
      summary.orderId,
      { customerEmail: 'ada@analytical.example' },
      at('2026-11-21T10:10:00.000Z'),
    );

    expect(after).toEqual({ ...summary, customerEmail: 'ada@analytical.example', deliveryAddress: newAddress });
    expect(again).toEqual(after);
    expect(await summaries.get(summary.orderId)).toEqual(after);
  });

  it('applies a change of items with their money as one part, and never an older one over it', async () => {
    const summary = summaryOfNewOrder();
    await summaries.keep(summary, at('2026-11-21T10:00:00.000Z'), new Date());
    const [line] = summary.items;
    const fewer = {
      items: [{ ...line!, quantity: 1, lineTotal: line!.unitPrice }],
      subtotal: line!.unitPrice,
      delivery: summary.delivery,
      total: { ...line!.unitPrice, amount: line!.unitPrice.amount + summary.delivery.amount },
    };

    const after = await summaries.applyChanges(summary.orderId, fewer, at('2026-11-21T10:05:00.000Z'));
    // An older change of items that comes late changes nothing.
    const late = await summaries.applyChanges(
      summary.orderId,
      { ...fewer, items: summary.items },
      at('2026-11-21T10:01:00.000Z'),
    );

    expect(after).toEqual({ ...summary, ...fewer });
    expect(late).toEqual(after);
  });

  it('writes every email after ORDER_CREATED from the summary it kept, without asking orders, in two writes an email', async () => {
    const orderId = `ord-${randomUUID()}`;
    const customerEmail = `ada+${randomUUID()}@example.com`;
    const ordersRead: string[] = [];
    const calls: string[] = [];
    const client = createDocumentClient();
    client.middlewareStack.add(
      (next, context) => (args) => {
        calls.push(context.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize' },
    );
    const dependencies = {
      orders: {
        get: async (id: string) => {
          ordersRead.push(id);
          throw new Error('orders must not be asked');
        },
      },
      summaries: createOrderCopies({ tableName: 'email-local', client }),
      mailer,
      leases: createEmailLeases({ tableName: 'email-local', client }),
    };
    const created = exampleEvent('ORDER_CREATED', {
      id: randomUUID(),
      orderId,
      data: { ...exampleData.ORDER_CREATED, customerEmail },
    });

    await sendEmail(dependencies, created);
    await sendEmail(dependencies, exampleEvent('SHIPPED', { id: randomUUID(), orderId }));

    expect(await summaries.get(orderId)).toMatchObject({ orderId, customerEmail });
    expect(
      (await mailbox()).filter((email) => email.destination.to.includes(customerEmail)).map((email) => email.subject),
    ).toEqual([`We have your order ${orderId}`, `Your order ${orderId} is on its way`]);
    expect(ordersRead).toEqual([]);
    // Each email: its lease (ORDER_CREATED's keeping the summary, SHIPPED's answering it) and its mark.
    expect(calls).toEqual(Array(4).fill('UpdateItemCommand'));
  });
});
