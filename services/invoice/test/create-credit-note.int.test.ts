import { randomUUID } from 'node:crypto';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { creditNoteIdFor } from '../src/domain/credit-note.js';
import { creditNoteKind, invoiceKind } from '../src/domain/numbering.js';
import { createCreditNote } from '../src/functions/create-credit-note/create-credit-note.js';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { bySeries, freshYear, gapless, invoices, localInvoiceDependencies, retry } from './local-invoice-dependencies.js';

/** An order with its invoice issued, and a refund of part of it. */
const invoicedOrder = async (deps: ReturnType<typeof localInvoiceDependencies>) => {
  const order = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });
  await createInvoice(deps, order, retry);
  return order;
};
const refundOf = (orderId: string, amount = 1000) =>
  exampleEvent('PAYMENT_REFUNDED', {
    id: randomUUID(),
    orderId,
    data: { ...exampleEvent('PAYMENT_REFUNDED').data, refundId: `re_${randomUUID()}`, amount: { amount, currency: 'EUR' } },
  });

describe('issuing credit notes on DynamoDB Local', () => {
  it('numbers concurrent credit notes of one series CN-A-1, 2, 3, ... in their own series, without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A']);
    const orders = await Promise.all(Array.from({ length: 6 }, () => invoicedOrder(deps)));
    // Two refunds of each order (a change, then a cancellation), all at once.
    const refunds = orders.flatMap((order) => [refundOf(order.orderId, 500), refundOf(order.orderId, 3988)]);

    await Promise.all(refunds.map((refund) => createCreditNote(deps, refund, retry)));

    const notes = await Promise.all(
      refunds.map((refund) => invoices.getCreditNote(`inv-${refund.orderId}`, creditNoteIdFor(refund.data.refundId))),
    );
    expect(notes.map((note) => note?.creditNoteNumber).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `CN-${year}-A-${String(i + 1).padStart(6, '0')}`),
    );
    expect((await invoices.lastIssued(creditNoteKind, year, 'A')).sequence).toBe(12);
    expect((await invoices.lastIssued(invoiceKind, year, 'A')).sequence).toBe(6);
    const { invoice, creditNotes } = (await invoices.getWithCreditNotes(`inv-${orders[0]!.orderId}`))!;
    expect(creditNotes.map((note) => note.amount.amount).sort()).toEqual([3988, 500]);
    expect(invoice.total.amount - creditNotes.reduce((sum, note) => sum + note.amount.amount, 0)).toBe(0);
  });

  it.each([2, 10])(
    'issues one credit note for a refund delivered %i times at once, and publishes only its event',
    async (times) => {
      const year = freshYear();
      const deps = localInvoiceDependencies(year, ['A']);
      const order = await invoicedOrder(deps);
      const refund = refundOf(order.orderId);

      await Promise.all(Array.from({ length: times }, () => createCreditNote(deps, refund, retry)));

      expect((await invoices.lastIssued(creditNoteKind, year, 'A')).sequence).toBe(1);
      // Concurrent flushes of one outbox may each send its entry: at least once, always the same event.
      const notes = deps.sent.filter((event) => event.type === 'CREDIT_NOTE_CREATED');
      expect(new Set(notes.map((event) => event.id)).size).toBe(1);
      expect(notes[0]).toMatchObject({
        orderId: order.orderId,
        causationId: refund.id,
        data: { creditNoteNumber: `CN-${year}-A-000001`, invoiceId: `inv-${order.orderId}`, amount: refund.data.amount },
      });
      expect((await invoices.getWithCreditNotes(`inv-${order.orderId}`))?.creditNotes).toHaveLength(1);
    },
  );

  it('takes no number for a refund that arrives before the invoice, and issues it once the invoice is there', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A']);
    const order = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });
    const refund = refundOf(order.orderId);

    await expect(createCreditNote(deps, refund, retry)).rejects.toThrow(/has no invoice yet/);
    expect((await invoices.lastIssued(creditNoteKind, year, 'A')).sequence).toBe(0);

    await createInvoice(deps, order, retry);
    await createCreditNote(deps, refund, retry);

    expect(await invoices.getCreditNote(`inv-${order.orderId}`, creditNoteIdFor(refund.data.refundId))).toMatchObject({
      creditNoteNumber: `CN-${year}-A-000001`,
    });
  });

  it('numbers 60 credit notes from 60 writers at once in 3 series, each without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A', 'B', 'C']);
    const orders = await Promise.all(Array.from({ length: 30 }, () => invoicedOrder(deps)));
    const refunds = orders.flatMap((order) => [refundOf(order.orderId, 500), refundOf(order.orderId, 1000)]);

    await Promise.all(refunds.map((refund) => createCreditNote(deps, refund, retry)));

    const notes = await Promise.all(
      refunds.map((refund) => invoices.getCreditNote(`inv-${refund.orderId}`, creditNoteIdFor(refund.data.refundId))),
    );
    const series = bySeries(notes.map((note) => note?.creditNoteNumber));
    expect(series).toEqual(gapless(series));
    expect(Object.values(series).flat()).toHaveLength(60);
  });
});
