import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { creditNoteFor, creditNoteIdFor, invoiceWithCreditNotes } from '../../src/domain/credit-note.js';
import { invoiceCreatedData, invoiceFor, invoiceIdFor, invoiceNumber } from '../../src/domain/invoice.js';
import { creditNoteSeries, documentNumber, invoiceSeries } from '../../src/domain/numbering.js';

describe('invoice numbers', () => {
  it.each([
    [2026, 1, 'INV-2026-000001'],
    [2026, 42, 'INV-2026-000042'],
    [2027, 123456, 'INV-2027-123456'],
  ])('in %i, number %i reads %s', (year, sequence, text) => {
    expect(invoiceNumber(year, sequence)).toBe(text);
  });
});

describe('invoiceFor', () => {
  const order = exampleEvent('ORDER_CREATED', { orderId: 'ord-7' });

  it('bills every line of the order with its totals and the address', () => {
    const invoice = invoiceFor(order, { sequence: 7, issuedAt: new Date('2026-11-21T10:00:00Z') });

    expect(invoice).toEqual({
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-000007',
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
    const invoice = invoiceFor(order, { sequence: 7, issuedAt: new Date('2026-11-21T10:00:00Z') });

    expect(invoiceCreatedData(invoice)).toEqual({
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-000007',
      subtotal: invoice.subtotal,
      delivery: invoice.delivery,
      total: invoice.total,
    });
  });
});

describe('credit notes', () => {
  const order = exampleEvent('ORDER_CREATED', { orderId: 'ord-7' });
  const invoice = invoiceFor(order, { sequence: 7, issuedAt: new Date('2026-11-21T10:00:00Z') });
  const refund = exampleEvent('PAYMENT_REFUNDED', { orderId: 'ord-7' });

  it('are numbered in a series of their own, CN-<year>-<six digits>', () => {
    expect(documentNumber(creditNoteSeries, 2026, 1)).toBe('CN-2026-000001');
    expect(documentNumber(invoiceSeries, 2026, 1)).toBe(invoiceNumber(2026, 1));
  });

  it('document one refund against its invoice, with its amount and reason', () => {
    const note = creditNoteFor(refund, invoice, { sequence: 3, issuedAt: new Date('2026-11-22T10:00:00Z') });

    expect(note).toEqual({
      creditNoteId: creditNoteIdFor(refund.data.refundId),
      creditNoteNumber: 'CN-2026-000003',
      invoiceId: 'inv-ord-7',
      invoiceNumber: 'INV-2026-000007',
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

  it('leave a balance of the total minus what they gave back, oldest first', () => {
    const first = creditNoteFor(refund, invoice, { sequence: 3, issuedAt: new Date('2026-11-22T10:00:00Z') });
    const second = {
      ...creditNoteFor(
        { ...refund, data: { ...refund.data, refundId: 're_2', amount: { amount: 488, currency: 'EUR' } } },
        invoice,
        {
          sequence: 4,
          issuedAt: new Date('2026-11-22T11:00:00Z'),
        },
      ),
    };

    expect(invoiceWithCreditNotes(invoice, [])).toMatchObject({ creditNotes: [], balance: invoice.total });
    expect(invoiceWithCreditNotes(invoice, [second, { ...first, amount: { amount: 4000, currency: 'EUR' } }])).toMatchObject({
      creditNotes: [{ creditNoteNumber: 'CN-2026-000003' }, { creditNoteNumber: 'CN-2026-000004' }],
      balance: { amount: 4488 - 4000 - 488, currency: 'EUR' },
    });
  });

  it('never mix currencies into a balance', () => {
    const note = creditNoteFor(refund, invoice, { sequence: 1, issuedAt: new Date('2026-11-22T10:00:00Z') });

    expect(() => invoiceWithCreditNotes(invoice, [{ ...note, amount: { amount: 1, currency: 'GBP' } }])).toThrow(/GBP/);
  });
});
