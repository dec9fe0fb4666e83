import { randomUUID } from 'node:crypto';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { creditNoteIdFor } from '../src/domain/credit-note.js';
import { creditNoteSeries, invoiceSeries } from '../src/domain/numbering.js';
import { createCreditNote } from '../src/functions/create-credit-note/create-credit-note.js';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { freshYear, invoices, localInvoiceDependencies } from './local-invoice-dependencies.js';

/** An order with its invoice issued, and a refund of part of it. */
const invoicedOrder = async (deps: ReturnType<typeof localInvoiceDependencies>) => {
  const order = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });
  await createInvoice(deps, order);
  return order;
};
const refundOf = (orderId: string, amount = 1000) =>
  exampleEvent('PAYMENT_REFUNDED', {
    id: randomUUID(),
    orderId,
    data: { ...exampleEvent('PAYMENT_REFUNDED').data, refundId: `re_${randomUUID()}`, amount: { amount, currency: 'EUR' } },
  });

describe('issuing credit notes on DynamoDB Local', () => {
  it('numbers concurrent credit notes of one year CN-1, 2, 3, ... in their own series, without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year);
    const orders = await Promise.all(Array.from({ length: 6 }, () => invoicedOrder(deps)));
    // Two refunds of each order (a change, then a cancellation), all at once.
    const refunds = orders.flatMap((order) => [refundOf(order.orderId, 500), refundOf(order.orderId, 3988)]);

    await Promise.all(refunds.map((refund) => createCreditNote(deps, refund)));

    const notes = await Promise.all(
      refunds.map((refund) => invoices.getCreditNote(`inv-${refund.orderId}`, creditNoteIdFor(refund.data.refundId))),
    );
    expect(notes.map((note) => note?.creditNoteNumber).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `CN-${year}-${String(i + 1).padStart(6, '0')}`),
    );
    expect(await invoices.lastSequence(creditNoteSeries, year)).toBe(12);
    expect(await invoices.lastSequence(invoiceSeries, year)).toBe(6);
    const { invoice, creditNotes } = (await invoices.getWithCreditNotes(`inv-${orders[0]!.orderId}`))!;
    expect(creditNotes.map((note) => note.amount.amount).sort()).toEqual([3988, 500]);
    expect(invoice.total.amount - creditNotes.reduce((sum, note) => sum + note.amount.amount, 0)).toBe(0);
  });

  it.each([2, 10])(
    'issues one credit note for a refund delivered %i times at once, and publishes only its event',
    async (times) => {
      const year = freshYear();
      const deps = localInvoiceDependencies(year);
      const order = await invoicedOrder(deps);
      const refund = refundOf(order.orderId);

      await Promise.all(Array.from({ length: times }, () => createCreditNote(deps, refund)));

      expect(await invoices.lastSequence(creditNoteSeries, year)).toBe(1);
      // Concurrent flushes of one outbox may each send its entry: at least once, always the same event.
      const notes = deps.sent.filter((event) => event.type === 'CREDIT_NOTE_CREATED');
      expect(new Set(notes.map((event) => event.id)).size).toBe(1);
      expect(notes[0]).toMatchObject({
        orderId: order.orderId,
        causationId: refund.id,
        data: { creditNoteNumber: `CN-${year}-000001`, invoiceId: `inv-${order.orderId}`, amount: refund.data.amount },
      });
      expect((await invoices.getWithCreditNotes(`inv-${order.orderId}`))?.creditNotes).toHaveLength(1);
    },
  );

  it('takes no number for a refund that arrives before the invoice, and issues it once the invoice is there', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year);
    const order = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });
    const refund = refundOf(order.orderId);

    await expect(createCreditNote(deps, refund)).rejects.toThrow(/has no invoice yet/);
    expect(await invoices.lastSequence(creditNoteSeries, year)).toBe(0);

    await createInvoice(deps, order);
    await createCreditNote(deps, refund);

    expect(await invoices.getCreditNote(`inv-${order.orderId}`, creditNoteIdFor(refund.data.refundId))).toMatchObject({
      creditNoteNumber: `CN-${year}-000001`,
    });
  });
});
