import type { Money, Reason } from '@ecommerce/shared-events';

/**
 * What billing knows of an order's money. One record per order: `cancelled` marks an order
 * cancelled before it was paid, so that a late invoice charges nothing (and a payment that
 * settles after all is refunded); `requires_action` waits for the customer to authenticate,
 * `processing` for a bank debit to settle.
 */
export type PaymentStatus = 'requires_action' | 'processing' | 'confirmed' | 'failed' | 'refunded' | 'cancelled';

/** Whether the payment is still on its way: neither paid nor refused. */
export const isUnsettled = (status: PaymentStatus): boolean => status === 'requires_action' || status === 'processing';

/** A part of a confirmed payment given back when an operator lowered the order (ORDER_MODIFIED `changeId`). */
interface PartialRefund {
  changeId: string;
  amount: number;
  /** Set once the provider made it and PAYMENT_REFUNDED is in the outbox; absent while only reserved. */
  refundId?: string;
  /** How many times the provider answered `failed`: the next attempt is keyed by it. */
  failures?: number;
}

export interface Payment {
  orderId: string;
  status: PaymentStatus;
  invoiceId?: string;
  paymentId?: string;
  refundId?: string;
  amount?: Money;
  /** Where the customer authenticates the payment, while it is `requires_action`. */
  nextActionUrl?: string;
  /**
   * Every refund is reserved here, over the revision read, before the provider is asked for it, so
   * that the refunds asked of the provider never add up to more than the charge, whatever order
   * changes and a cancellation come in.
   */
  partialRefunds?: PartialRefund[];
  /** What the full refund (a cancellation, a carrier refusal) gives back: what the partial ones left. */
  fullRefund?: { amount: number; reason?: Reason; causationId?: string; failures?: number };
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
 * A refund the provider failed is asked again under a new key (the provider answers an old key with
 * its old failure); the first attempt keeps the key refunds always had. `~` never appears in an id.
 */
const attemptSuffix = (failures: number) => (failures === 0 ? '' : `~${failures + 1}`);

/**
 * One idempotency key per order and one per payment: a retry, a redelivery, or an invoice event
 * naming another invoice of the same order, never charges or refunds twice.
 */
export const chargeKey = (orderId: string) => `charge-${orderId}`;
export const refundKey = (paymentId: string, failures = 0) => `refund-${paymentId}${attemptSuffix(failures)}`;
/** One idempotency key per change of the order: a redelivered ORDER_MODIFIED never refunds twice. */
export const partialRefundKey = (paymentId: string, changeId: string, failures = 0) =>
  `refund-${paymentId}-${changeId}${attemptSuffix(failures)}`;

/** Where the provider says a payment stands (its synchronous answer or a webhook), in billing's terms. */
export type ProviderOutcome =
  | { outcome: 'confirmed'; paymentId: string }
  | { outcome: 'declined'; code: string; message: string; paymentId?: string }
  | { outcome: 'action_required'; paymentId: string; nextActionUrl: string }
  | { outcome: 'processing'; paymentId: string };

/** What the payment becomes on an outcome, and the event that announces it, if any. */
export type Advance =
  | { change: 'none' }
  | { change: 'moved'; payment: Payment; announce?: 'PAYMENT_CONFIRMED' | 'PAYMENT_FAILED' | 'PAYMENT_ACTION_REQUIRED' }
  /** The order was cancelled before the payment settled, and it settled after all: the money goes back. */
  | { change: 'paid-after-cancellation'; payment: Payment };

const announcement = {
  confirmed: 'PAYMENT_CONFIRMED',
  declined: 'PAYMENT_FAILED',
  action_required: 'PAYMENT_ACTION_REQUIRED',
  processing: undefined,
} as const;

const statusOf = {
  confirmed: 'confirmed',
  declined: 'failed',
  action_required: 'requires_action',
  processing: 'processing',
} as const satisfies Record<ProviderOutcome['outcome'], PaymentStatus>;

/** How far along each status is: a payment only ever moves to a later one. */
const stage: Record<PaymentStatus, number> = {
  requires_action: 1,
  processing: 2,
  confirmed: 3,
  failed: 3,
  refunded: 4,
  cancelled: 4,
};

/**
 * Moves a payment forward on what the provider says, whichever comes first of its synchronous
 * answer and the webhooks that repeat it, however often and in whatever order: each status is
 * reached once, so its event is announced once, and nothing goes back (a late `requires_action`
 * after the payment, a `processing` after it settled, a failure after it was paid change nothing).
 */
export const advance = (
  current: Payment | undefined,
  outcome: ProviderOutcome,
  base: { orderId: string; invoiceId?: string; amount: Money; updatedAt: string },
): Advance => {
  const status = statusOf[outcome.outcome];
  if (current?.status === 'cancelled') {
    return outcome.outcome === 'confirmed'
      ? {
          change: 'paid-after-cancellation',
          payment: {
            ...current,
            status: 'confirmed',
            paymentId: outcome.paymentId,
            amount: current.amount ?? base.amount,
            updatedAt: base.updatedAt,
          },
        }
      : { change: 'none' };
  }
  if (current && stage[status] <= stage[current.status]) return { change: 'none' };
  if (current && !isUnsettled(current.status)) return { change: 'none' };
  const { nextActionUrl: _asked, ...previous } = current ?? { orderId: base.orderId };
  const payment: Payment = {
    ...previous,
    orderId: base.orderId,
    status,
    ...(base.invoiceId ? { invoiceId: base.invoiceId } : {}),
    ...(outcome.paymentId ? { paymentId: outcome.paymentId } : {}),
    ...(status === 'failed' ? {} : { amount: base.amount }),
    ...(outcome.outcome === 'action_required' ? { nextActionUrl: outcome.nextActionUrl } : {}),
    updatedAt: base.updatedAt,
  };
  const announce = announcement[outcome.outcome];
  return { change: 'moved', payment, ...(announce ? { announce } : {}) };
};

/** One idempotency key per payment to cancel at the provider. */
export const cancelKey = (paymentId: string) => `cancel-${paymentId}`;
