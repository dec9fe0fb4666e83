import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { invoiceCreatedData, invoiceFor, invoiceIdFor, invoiceNumber } from '../../src/domain/invoice.js';

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
