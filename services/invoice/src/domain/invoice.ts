import type { Invoice } from '@ecommerce/api-client';
import type { EventData, OrderEvent } from '@ecommerce/shared-events';
import { documentNumber, invoiceKind, type SeriesPlace } from './numbering.js';

/** An invoice as it is issued and stored; its credit notes and balance are added when it is read. */
export type StoredInvoice = Omit<Invoice, 'creditNotes' | 'balance'>;

/** One invoice per order: its id follows from the order's, so a repeated event finds the same invoice. */
export const invoiceIdFor = (orderId: string): string => `inv-${orderId}`;

/** Invoice numbers run per calendar year and series without gaps: INV-2026-A-000001, INV-2026-A-000002, ... */
export const invoiceNumber = (year: number, place: SeriesPlace): string => documentNumber(invoiceKind, year, place);

export const invoiceFor = (
  order: OrderEvent<'ORDER_CREATED'>,
  { place, issuedAt }: { place: SeriesPlace; issuedAt: Date },
): StoredInvoice => ({
  invoiceId: invoiceIdFor(order.orderId),
  invoiceNumber: invoiceNumber(issuedAt.getUTCFullYear(), place),
  orderId: order.orderId,
  customerId: order.data.customerId,
  issuedAt: issuedAt.toISOString(),
  lines: order.data.items.map((item) => ({
    productId: item.productId,
    description: item.name,
    quantity: item.quantity,
    unitPrice: item.unitPrice,
    lineTotal: item.lineTotal,
  })),
  subtotal: order.data.subtotal,
  delivery: order.data.delivery,
  total: order.data.total,
  billingAddress: order.data.deliveryAddress,
});

export const invoiceCreatedData = (invoice: StoredInvoice): EventData<'INVOICE_CREATED'> => ({
  invoiceId: invoice.invoiceId,
  invoiceNumber: invoice.invoiceNumber,
  subtotal: invoice.subtotal,
  delivery: invoice.delivery,
  total: invoice.total,
});
