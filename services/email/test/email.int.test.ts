import { exampleData, exampleEvent } from '@ecommerce/shared-events';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSesMailer } from '../src/adapters/mailer.js';
import { createOrderSummaries } from '../src/adapters/order-summaries.js';
import { createSentEmails } from '../src/adapters/sent-emails.js';
import type { OrderSummary } from '../src/domain/order-summary.js';
import { sendEmail } from '../src/functions/send-email/send-email.js';

// The adapters as they run on AWS, against aws-ses-v2-local and DynamoDB Local.
const mailer = createSesMailer({ sender: 'orders@shop.example' });
const sent = createSentEmails({ tableName: 'email-local' });
const summaries = createOrderSummaries({ tableName: 'email-local' });

const summaryOfNewOrder = (): OrderSummary => {
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

  it('lets one of many concurrent deliveries claim an event, and none after it is sent', async () => {
    const eventId = randomUUID();
    const now = new Date();

    const claims = await Promise.all(Array.from({ length: 10 }, () => sent.claim(eventId, now)));
    await sent.markSent(eventId, 'm-1', now);

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await sent.claim(eventId, new Date(now.getTime() + 3_600_000))).toBe(false);
  });

  it('lets a claim be taken again once it was given back, or once it is stale', async () => {
    const released = randomUUID();
    const stale = randomUUID();
    const now = new Date();
    await sent.claim(released, now);
    await sent.claim(stale, now);

    await sent.release(released);

    expect(await sent.claim(released, now)).toBe(true);
    expect(await sent.claim(stale, new Date(now.getTime() + 30_000))).toBe(false);
    expect(await sent.claim(stale, new Date(now.getTime() + 61_000))).toBe(true);
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

  it('writes every email after ORDER_CREATED from the summary it kept, without asking orders', async () => {
    const orderId = `ord-${randomUUID()}`;
    const customerEmail = `ada+${randomUUID()}@example.com`;
    const ordersRead: string[] = [];
    const dependencies = {
      orders: {
        get: async (id: string) => {
          ordersRead.push(id);
          throw new Error('orders must not be asked');
        },
      },
      summaries,
      mailer,
      sent,
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
  });
});
