import type { Money } from '@ecommerce/shared-events';

/**
 * What billing knows of an order's money. One record per order: `cancelled` marks an order
 * cancelled before it was charged, so that a late invoice charges nothing.
 */
export type PaymentStatus = 'confirmed' | 'failed' | 'refunded' | 'cancelled';

/** A part of a confirmed payment given back when an operator lowered the order (ORDER_MODIFIED `changeId`). */
interface PartialRefund {
  changeId: string;
  amount: number;
  /** Set once the provider made it and PAYMENT_REFUNDED is in the outbox; absent while only reserved. */
  refundId?: string;
}

export interface Payment {
  orderId: string;
  status: PaymentStatus;
  invoiceId?: string;
  paymentId?: string;
  refundId?: string;
  amount?: Money;
  /**
   * Every refund is reserved here, over the revision read, before the provider is asked for it, so
   * that the refunds asked of the provider never add up to more than the charge, whatever order
   * changes and a cancellation come in.
   */
  partialRefunds?: PartialRefund[];
  /** What the full refund (a cancellation, a carrier refusal) gives back: what the partial ones left. */
  fullRefund?: { amount: number };
  /** Bumped by every write that reserves or completes a refund; absent on payments written before. */
  revision?: number;
  updatedAt: string;
}

/** The payment with `changes`, one revision on. */
export const revised = (payment: Payment, changes: Partial<Payment>): Payment => ({
  ...payment,
  ...changes,
  revision: (payment.revision ?? 0) + 1,
});

/** What is left to refund of a confirmed payment after the partial refunds reserved so far. */
export const unrefunded = (payment: Payment): number =>
  (payment.amount?.amount ?? 0) - (payment.partialRefunds ?? []).reduce((sum, refund) => sum + refund.amount, 0);

/**
 * One idempotency key per order and one per payment: a retry, a redelivery, or an invoice event
 * naming another invoice of the same order, never charges or refunds twice.
 */
export const chargeKey = (orderId: string) => `charge-${orderId}`;
export const refundKey = (paymentId: string) => `refund-${paymentId}`;
/** One idempotency key per change of the order: a redelivered ORDER_MODIFIED never refunds twice. */
export const partialRefundKey = (paymentId: string, changeId: string) => `refund-${paymentId}-${changeId}`;
