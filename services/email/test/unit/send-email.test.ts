import type { InternalOrder } from '@ecommerce/api-client';
import { earlierExampleData, exampleData, exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import type { EmailLeases } from '../../src/adapters/email-leases.js';
import type { Mailer } from '../../src/adapters/mailer.js';
import type { OrderCopies } from '../../src/adapters/order-summaries.js';
import type { OrderCopy } from '../../src/domain/order-summary.js';
import { sendEmail } from '../../src/functions/send-email/send-email.js';

const created = exampleData.ORDER_CREATED;
const summary: OrderCopy = {
  orderId: 'ord-1',
  customerEmail: created.customerEmail,
  items: created.items,
  subtotal: created.subtotal,
  delivery: created.delivery,
  total: created.total,
  deliveryAddress: created.deliveryAddress,
};
/** The order as orders answers it: more than email needs, the payment token among it. */
const order: InternalOrder = {
  ...summary,
  status: 'INVOICE_CREATED',
  customerId: created.customerId,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:01.000Z',
  history: [],
};

let eventCount = 0;
/** An event of order ord-1, with an id of its own. */
const eventOf = <T extends Parameters<typeof exampleEvent>[0]>(type: T, overrides: Record<string, unknown> = {}) =>
  exampleEvent(type, { id: `evt-${++eventCount}`, orderId: 'ord-1', ...overrides });

/** An ORDER_MODIFIED of version 1, which a producer may still have in flight. */
const modifiedV1 = () =>
  eventOf('ORDER_MODIFIED', { version: 1, data: earlierExampleData.ORDER_MODIFIED[1], time: '2026-11-21T10:05:00.000Z' });

/** Keeps a summary only if there is none, and applies a change only to a part no later change set, as the table does. */
const fakeSummaries = () => {
  type Part = 'customerEmail' | 'deliveryAddress' | 'items';
  const parts: Record<Part, Array<keyof OrderCopy>> = {
    customerEmail: ['customerEmail'],
    deliveryAddress: ['deliveryAddress'],
    items: ['items', 'subtotal', 'delivery', 'total'],
  };
  const kept = new Map<string, { summary: OrderCopy; asOf: Record<Part, number> }>();
  const summaries: OrderCopies = {
    get: async (orderId) => kept.get(orderId)?.summary,
    keep: async (summary, asOf) => {
      if (!kept.has(summary.orderId)) {
        const time = asOf.getTime();
        kept.set(summary.orderId, {
          summary: structuredClone(summary),
          asOf: { customerEmail: time, deliveryAddress: time, items: time },
        });
      }
      return kept.get(summary.orderId)!.summary;
    },
    applyChanges: async (orderId, changes, madeAt) => {
      const entry = kept.get(orderId)!;
      for (const [part, fields] of Object.entries(parts) as Array<[Part, Array<keyof OrderCopy>]>) {
        if (changes[part as keyof typeof changes] === undefined || entry.asOf[part] >= madeAt.getTime()) continue;
        entry.summary = {
          ...entry.summary,
          ...Object.fromEntries(fields.map((field) => [field, changes[field as keyof typeof changes]])),
        };
        entry.asOf[part] = madeAt.getTime();
      }
      return entry.summary;
    },
  };
  return { summaries, kept };
};

const fakes = ({ mailFails = false, ordersFail = false } = {}) => {
  const leases = new Map<string, 'sending' | 'sent'>();
  const sentTo: string[] = [];
  const mails: Array<{ to: string; subject: string }> = [];
  const ordersRead: string[] = [];
  const { summaries, kept } = fakeSummaries();
  // As the table does: the lease and the summary on one item, so that a lease answers the summary and may keep one.
  const leasing: EmailLeases = {
    lease: async (orderId, id, now, keep) => {
      if (leases.has(id)) return { leased: false };
      leases.set(id, 'sending');
      if (keep) await summaries.keep(keep.summary, keep.asOf, now);
      return { leased: true, summary: kept.get(orderId)?.summary };
    },
    markSent: async (_orderId, id) => void leases.set(id, 'sent'),
    release: async (_orderId, id) => void leases.delete(id),
  };
  const mailer: Mailer = {
    send: async (message) => {
      if (mailFails) throw new Error('SES throttled');
      sentTo.push(message.subject);
      mails.push({ to: message.to, subject: message.subject });
      return { messageId: 'm-1' };
    },
  };
  const orders = {
    get: async (orderId: string) => {
      ordersRead.push(orderId);
      if (ordersFail) throw new Error('orders answered 503 for order ord-1');
      return order;
    },
  };
  return { deps: { orders, summaries, mailer, leases: leasing }, leases, sentTo, mails, ordersRead, kept };
};

describe('sendEmail', () => {
  it('sends one email for an event however often it is delivered', async () => {
    const { deps, sentTo, leases } = fakes();
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await Promise.all([sendEmail(deps, event), sendEmail(deps, event), sendEmail(deps, event)]);
    await sendEmail(deps, event);

    expect(sentTo).toEqual(['Your order ord-1 is on its way']);
    expect(leases.get(event.id)).toBe('sent');
  });

  it('gives the lease back when sending fails, so that the retry sends it', async () => {
    const failing = fakes({ mailFails: true });
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await expect(sendEmail(failing.deps, event)).rejects.toThrow('SES throttled');

    expect(failing.leases.has(event.id)).toBe(false);
  });

  it('keeps the lease of an email that was sent but could not be marked so, and never sends it again', async () => {
    const { deps, sentTo, leases } = fakes();
    deps.leases.markSent = async () => {
      throw new Error('DynamoDB throttled');
    };
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await sendEmail(deps, event);
    await sendEmail(deps, event);

    expect(sentTo).toHaveLength(1);
    expect(leases.get(event.id)).toBe('sending');
  });
});

describe('sendEmail, from the summary of the order that email keeps', () => {
  it('keeps the summary ORDER_CREATED carries and writes from it, without asking orders', async () => {
    const { deps, mails, ordersRead, kept } = fakes();

    await sendEmail(deps, eventOf('ORDER_CREATED'));

    expect(kept.get('ord-1')?.summary).toEqual(summary);
    expect(mails).toEqual([{ to: 'ada@example.com', subject: 'We have your order ord-1' }]);
    expect(ordersRead).toEqual([]);
  });

  it('writes about every later event from the summary, never asking orders', async () => {
    const { deps, mails, ordersRead } = fakes();
    await sendEmail(deps, eventOf('ORDER_CREATED'));

    for (const type of ['INVOICE_CREATED', 'PAYMENT_CONFIRMED', 'SHIPPED'] as const) await sendEmail(deps, eventOf(type));

    expect(mails.map((mail) => mail.to)).toEqual(Array(4).fill('ada@example.com'));
    expect(ordersRead).toEqual([]);
  });

  it('reads the order from orders once for an event that comes before ORDER_CREATED, and keeps only what it needs', async () => {
    const { deps, mails, ordersRead, kept } = fakes();

    await sendEmail(deps, eventOf('INVOICE_CREATED'));
    const keptFromOrders = structuredClone(kept.get('ord-1')?.summary);
    await sendEmail(deps, eventOf('PAYMENT_CONFIRMED'));
    await sendEmail(deps, eventOf('ORDER_CREATED'));
    await sendEmail(deps, eventOf('SHIPPED'));

    expect(ordersRead).toEqual(['ord-1']);
    expect(keptFromOrders).toEqual(summary);
    expect(mails.map((mail) => mail.to)).toEqual(Array(4).fill('ada@example.com'));
  });

  it('gives the lease back when orders cannot answer for an early event, so that the retry sends its email', async () => {
    const { deps, leases, mails } = fakes({ ordersFail: true });
    const event = eventOf('INVOICE_CREATED');

    await expect(sendEmail(deps, event)).rejects.toThrow('orders answered 503');

    expect(leases.has(event.id)).toBe(false);
    expect(mails).toEqual([]);
  });

  it('tells of a change of items in version 2 with the amount that comes back, and later emails list the new items', async () => {
    const { deps, kept } = fakes();
    const texts: string[] = [];
    deps.mailer = { send: async (message) => (texts.push(message.text), { messageId: 'm-1' }) };
    await sendEmail(deps, eventOf('ORDER_CREATED'));

    await sendEmail(deps, eventOf('ORDER_MODIFIED', { time: '2026-11-21T10:05:00.000Z' }));
    await sendEmail(deps, eventOf('SHIPPED'));

    expect(texts[1]).toContain('Quantity changed: Stovetop kettle from 2 to 1.');
    expect(texts[1]).toContain('we are refunding €19.99 to your payment method');
    expect(texts[2]).toContain('1 x Stovetop kettle');
    expect(kept.get('ord-1')!.summary.total).toEqual(exampleData.ORDER_MODIFIED.new.total);
  });

  it('writes the email of a version 2 address change, and every later one, to the new address', async () => {
    const { deps } = fakes();
    const texts: string[] = [];
    deps.mailer = { send: async (message) => (texts.push(message.text), { messageId: 'm-1' }) };
    const before = exampleData.ORDER_MODIFIED.old;
    const moved = { ...before.deliveryAddress, street: ['1 New Street'], city: 'Leeds', postalCode: 'LS1 1AA' };
    await sendEmail(deps, eventOf('ORDER_CREATED'));

    await sendEmail(
      deps,
      eventOf('ORDER_MODIFIED', {
        time: '2026-11-21T10:05:00.000Z',
        data: { old: before, new: { ...before, deliveryAddress: moved }, changed: ['deliveryAddress'], changedBy: 'customer' },
      }),
    );
    await sendEmail(deps, eventOf('SHIPPED'));

    expect(texts[1]).toContain('Your order will now go to 1 New Street, LS1 1AA Leeds, GB');
    expect(texts[1]).toContain('Your total stays');
  });

  it('writes the email of ORDER_MODIFIED (version 1, still accepted) and every later one to the new address', async () => {
    const { deps, mails, ordersRead } = fakes();
    await sendEmail(deps, eventOf('ORDER_CREATED'));

    await sendEmail(deps, modifiedV1());
    await sendEmail(deps, eventOf('SHIPPED'));

    expect(mails.map((mail) => mail.to)).toEqual(['ada@example.com', 'ada@analytical.example', 'ada@analytical.example']);
    expect(ordersRead).toEqual([]);
  });

  it('keeps the change of an ORDER_MODIFIED that comes before ORDER_CREATED', async () => {
    const { deps, mails, ordersRead } = fakes();

    await sendEmail(deps, modifiedV1());
    await sendEmail(deps, eventOf('ORDER_CREATED'));
    await sendEmail(deps, eventOf('SHIPPED'));

    expect(ordersRead).toEqual(['ord-1']);
    expect(mails.map((mail) => mail.to)).toEqual(Array(3).fill('ada@analytical.example'));
  });

  it('sends nothing twice and writes nothing new when ORDER_CREATED and a later event are delivered again', async () => {
    const { deps, mails, ordersRead, kept } = fakes();
    const orderCreated = eventOf('ORDER_CREATED');
    const shipped = eventOf('SHIPPED');

    await sendEmail(deps, orderCreated);
    await sendEmail(deps, shipped);
    const keptBefore = structuredClone(kept.get('ord-1'));
    await Promise.all([sendEmail(deps, orderCreated), sendEmail(deps, shipped), sendEmail(deps, orderCreated)]);

    expect(mails.map((mail) => mail.subject)).toEqual(['We have your order ord-1', 'Your order ord-1 is on its way']);
    expect(kept.get('ord-1')).toEqual(keptBefore);
    expect(ordersRead).toEqual([]);
  });
});
