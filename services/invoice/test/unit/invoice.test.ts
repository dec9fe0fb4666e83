import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { creditNoteFor, creditNoteIdFor, invoiceWithCreditNotes } from '../../src/domain/credit-note.js';
import { invoiceCreatedData, invoiceFor, invoiceIdFor, invoiceNumber } from '../../src/domain/invoice.js';
import { creditNoteKind, documentNumber, invoiceKind, issueTime, seriesLetters } from '../../src/domain/numbering.js';

describe('invoice numbers', () => {
  it.each([
    [2026, 'A', 1, 'INV-2026-A-000001'],
    [2026, 'K', 42, 'INV-2026-K-000042'],
    [2027, 'Z', 123456, 'INV-2027-Z-123456'],
  ])('in %i, series %s, number %i reads %s', (year, letter, sequence, text) => {
    expect(invoiceNumber(year, { letter, sequence })).toBe(text);
  });

  it('run in 26 series a year, A to Z', () => {
    expect(seriesLetters.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  });

  it("are dated no earlier than their series' last, when another clock ran ahead", () => {
    const now = new Date('2026-11-21T10:00:00.000Z');
    expect(issueTime(now, undefined)).toEqual(now);
    expect(issueTime(now, '2026-11-21T09:59:59.999Z')).toEqual(now);
    expect(issueTime(now, '2026-11-21T10:00:00.004Z')).toEqual(new Date('2026-11-21T10:00:00.004Z'));
  });
});

describe('invoiceFor', () => {
  const order = exampleEvent('ORDER_CREATED', { orderId: 'ord-7' });

  it('bills every line of the order with its totals and the address', () => {
    const invoice = invoiceFor(order, { place: { letter: 'A', sequence: 7 }, issuedAt: new Date('2026-11-21T10:00:00Z') });

    expect(invoice).toEqual({
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-A-000007',
      orderId: 'ord-7',
      customerId: 'cust-42',
      issuedAt: '2026-11-21T10:00:00.000Z',
      lines: [
        {
          productId: 'prod-kettle',
          description: 'Stovetop kettle',
          quantity: 2,
          unitPrice: { amount: 1999, currency: 'EUR' },
          lineTotal: { amount: 3998, currency: 'EUR' },
        },
      ],
      subtotal: { amount: 3998, currency: 'EUR' },
      delivery: { amount: 490, currency: 'EUR' },
      total: { amount: 4488, currency: 'EUR' },
      billingAddress: order.data.deliveryAddress,
    });
    expect(invoiceIdFor('ord-7')).toBe(invoice.invoiceId);
  });

  it('announces the invoice with its number and totals', () => {
    const invoice = invoiceFor(order, { place: { letter: 'A', sequence: 7 }, issuedAt: new Date('2026-11-21T10:00:00Z') });

    expect(invoiceCreatedData(invoice)).toEqual({
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-A-000007',
      subtotal: invoice.subtotal,
      delivery: invoice.delivery,
      total: invoice.total,
    });
  });
});

describe('credit notes', () => {
  const order = exampleEvent('ORDER_CREATED', { orderId: 'ord-7' });
  const invoice = invoiceFor(order, { place: { letter: 'A', sequence: 7 }, issuedAt: new Date('2026-11-21T10:00:00Z') });
  const refund = exampleEvent('PAYMENT_REFUNDED', { orderId: 'ord-7' });

  it('are numbered in series of their own, CN-<year>-<letter>-<six digits>', () => {
    expect(documentNumber(creditNoteKind, 2026, { letter: 'B', sequence: 1 })).toBe('CN-2026-B-000001');
    expect(documentNumber(invoiceKind, 2026, { letter: 'B', sequence: 1 })).toBe(
      invoiceNumber(2026, { letter: 'B', sequence: 1 }),
    );
  });

  it('document one refund against its invoice, with its amount and reason', () => {
    const note = creditNoteFor(refund, invoice, {
      place: { letter: 'C', sequence: 3 },
      issuedAt: new Date('2026-11-22T10:00:00Z'),
    });

    expect(note).toEqual({
      creditNoteId: creditNoteIdFor(refund.data.refundId),
      creditNoteNumber: 'CN-2026-C-000003',
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-A-000007',
      orderId: 'ord-7',
      customerId: 'cust-42',
      issuedAt: '2026-11-22T10:00:00.000Z',
      amount: refund.data.amount,
      refundId: refund.data.refundId,
      reason: refund.data.reason,
    });
    expect(note.creditNoteId).toMatch(/^cn-[0-9a-f]{32}$/);
    expect(creditNoteIdFor('re_other')).not.toBe(note.creditNoteId);
  });

  it('leave a balance of the total minus what they gave back, oldest first whatever their series', () => {
    const first = creditNoteFor(refund, invoice, {
      place: { letter: 'C', sequence: 3 },
      issuedAt: new Date('2026-11-22T10:00:00Z'),
    });
    const second = {
      ...creditNoteFor(
        { ...refund, data: { ...refund.data, refundId: 're_2', amount: { amount: 488, currency: 'EUR' } } },
        invoice,
        {
          place: { letter: 'A', sequence: 4 },
          issuedAt: new Date('2026-11-22T11:00:00Z'),
        },
      ),
    };

    expect(invoiceWithCreditNotes(invoice, [])).toMatchObject({ creditNotes: [], balance: invoice.total });
    expect(invoiceWithCreditNotes(invoice, [second, { ...first, amount: { amount: 4000, currency: 'EUR' } }])).toMatchObject({
      creditNotes: [{ creditNoteNumber: 'CN-2026-C-000003' }, { creditNoteNumber: 'CN-2026-A-000004' }],
      balance: { amount: 4488 - 4000 - 488, currency: 'EUR' },
    });
  });

  it('never mix currencies into a balance', () => {
    const note = creditNoteFor(refund, invoice, {
      place: { letter: 'C', sequence: 1 },
      issuedAt: new Date('2026-11-22T10:00:00Z'),
    });

    expect(() => invoiceWithCreditNotes(invoice, [{ ...note, amount: { amount: 1, currency: 'GBP' } }])).toThrow(/GBP/);
  });
});
