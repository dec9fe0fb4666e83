import type { Money, OrderEvent } from '@ecommerce/shared-events';

/**
 * What billing knows of an order's money. One record per order: `cancelled` marks an order
 * cancelled before it was charged, so that a late invoice charges nothing.
 */
export type PaymentStatus = 'confirmed' | 'failed' | 'refunded' | 'cancelled';

export interface Payment {
  orderId: string;
  status: PaymentStatus;
  invoiceId?: string;
  paymentId?: string;
  refundId?: string;
  amount?: Money;
  updatedAt: string;
}

/** One idempotency key per invoice and one per payment: a retry, or a redelivery, never charges or refunds twice. */
export const chargeKey = (invoice: OrderEvent<'INVOICE_CREATED'>) => `charge-${invoice.data.invoiceId}`;
export const refundKey = (paymentId: string) => `refund-${paymentId}`;
