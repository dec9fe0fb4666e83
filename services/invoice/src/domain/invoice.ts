import type { Invoice } from '@ecommerce/api-client';
import type { EventData, OrderEvent } from '@ecommerce/shared-events';

export type { Invoice };

/** One invoice per order: its id follows from the order's, so a repeated event finds the same invoice. */
export const invoiceIdFor = (orderId: string): string => `inv-${orderId}`;

/** Invoice numbers run per calendar year without gaps: INV-2026-000001, INV-2026-000002, ... */
export const invoiceNumber = (year: number, sequence: number): string => `INV-${year}-${String(sequence).padStart(6, '0')}`;

export const invoiceFor = (
  order: OrderEvent<'ORDER_CREATED'>,
  { sequence, issuedAt }: { sequence: number; issuedAt: Date },
): Invoice => ({
  invoiceId: invoiceIdFor(order.orderId),
  invoiceNumber: invoiceNumber(issuedAt.getUTCFullYear(), sequence),
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

export const invoiceCreatedData = (invoice: Invoice): EventData<'INVOICE_CREATED'> => ({
  invoiceId: invoice.invoiceId,
  invoiceNumber: invoice.invoiceNumber,
  subtotal: invoice.subtotal,
  delivery: invoice.delivery,
  total: invoice.total,
});
