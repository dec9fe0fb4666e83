import { count } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import { formatMoney, partialRefundReason, type Reason } from '@ecommerce/shared-events';
import { TransientPaymentError, type ProviderRefund } from '../adapters/payment-provider.js';
import type { WebhookRecord } from '../adapters/payment-repository.js';
import { refundKey, revised, unrefunded, type Payment } from '../domain/payment.js';
import type { BillingDependencies } from './billing-dependencies.js';

/**
 * Refunds what is left of a confirmed payment once, whatever called for it: the amount is reserved
 * first (what partial refunds left), the refund is keyed by the payment, and the payment moves from
 * confirmed to refunded only once. False when the payment changed meanwhile (look again).
 */
export const refundConfirmed = async (
  dependencies: BillingDependencies,
  payment: Payment,
  reason: Reason,
  causationId: string | undefined,
  budgetMs: number,
): Promise<boolean> => {
  const { payments, provider, now = () => new Date() } = dependencies;
  const { orderId, paymentId, amount } = payment;
  if (!paymentId || !amount) throw new Error(`the confirmed payment of order ${orderId} has no payment id or amount`);
  let reserved = payment;
  if (!payment.fullRefund) {
    reserved = revised(payment, {
      fullRefund: { amount: unrefunded(payment), reason, ...(causationId ? { causationId } : {}) },
      updatedAt: now().toISOString(),
    });
    if (!(await payments.save(reserved, 'confirmed', undefined, payment.revision ?? 0))) return false;
  }
  const refundAmount = reserved.fullRefund!.amount;
  const paymentProvider = await provider();
  const refund = await retryTransient(
    () =>
      paymentProvider.refund({
        paymentId,
        // The whole charge when nothing was refunded before, as it always was; what is left otherwise.
        ...(refundAmount === amount.amount ? {} : { amount: refundAmount }),
        idempotencyKey: refundKey(paymentId, reserved.fullRefund!.failures),
        metadata: { orderId },
      }),
    {
      isTransient: (error) => error instanceof TransientPaymentError,
      budgetMs,
    },
  );
  const failed = { fullRefund: { ...reserved.fullRefund!, failures: (reserved.fullRefund!.failures ?? 0) + 1 } };
  if (!(await settledRefund(dependencies, reserved, refund, failed))) return true;
  return completeFullRefund(dependencies, reserved, refund.refundId, { reason, ...(causationId ? { causationId } : {}) });
};

/**
 * Records the full refund reserved on the payment as made, with its PAYMENT_REFUNDED, once: over
 * the revision read, so that the provider's answer and its charge.refunded webhook make one.
 */
export const completeFullRefund = async (
  { payments, publisher, now = () => new Date() }: BillingDependencies,
  reserved: Payment,
  refundId: string,
  { reason, causationId }: { reason: Reason; causationId?: string },
  webhook?: WebhookRecord,
): Promise<boolean> => {
  const { orderId, paymentId, amount, fullRefund } = reserved;
  if (!paymentId || !amount || !fullRefund) throw new Error(`order ${orderId} has no full refund reserved`);
  const event = publisher.build({
    type: 'PAYMENT_REFUNDED',
    orderId,
    ...(causationId ? { causationId } : {}),
    data: { paymentId, refundId, amount: { amount: fullRefund.amount, currency: amount.currency }, reason },
  });
  const saved = await payments.save(
    revised(reserved, { status: 'refunded', refundId, updatedAt: now().toISOString() }),
    'confirmed',
    event,
    reserved.revision ?? 0,
    webhook,
  );
  if (saved) count('PaymentRefunded');
  return saved;
};

/**
 * Whether the provider made the refund now. One still pending is done when its charge.refunded
 * webhook says so (receive-payment-webhook), under the same key. One the provider failed is
 * recorded as failed (`failed`: the reservation one failure on, over the revision read, so the
 * next attempt has a new key and the reservation stays the one refund) and asked again by
 * Lambda's retries; meanwhile the order waits for its refund, past its deadline among the stalled
 * orders. Only a key the provider answered `failed` is left behind: one that may have succeeded is
 * asked again as it was.
 */
export const settledRefund = async (
  { payments, now = () => new Date() }: BillingDependencies,
  current: Payment,
  refund: ProviderRefund,
  failed: Partial<Payment>,
): Promise<boolean> => {
  if (refund.status === 'failed') {
    const recorded = revised(current, { ...failed, updatedAt: now().toISOString() });
    await payments.save(recorded, 'confirmed', undefined, current.revision ?? 0);
    throw new Error(`the provider failed refund ${refund.refundId} of order ${current.orderId}`);
  }
  return refund.status === 'succeeded';
};

/** Why a change's partial refund gives money back, in the customer's words. */
export const changeReason = (amount: number, currency: string): Reason => ({
  code: partialRefundReason,
  message: `Your order was changed and now costs ${formatMoney({ amount, currency })} less.`,
});

/** What the PAYMENT_REFUNDED of a partial refund names as its cause and gives as its reason. */
export interface PartialRefundCause {
  causationId: string;
  reason: (amount: number, currency: string) => Reason;
}

/**
 * Records a partial refund reserved on the payment as made, with its PAYMENT_REFUNDED, once, over
 * the revision read. A provider's webhook that completes one knows only its key, and announces it
 * as a change's.
 */
export const completePartialRefund = async (
  { payments, publisher, now = () => new Date() }: BillingDependencies,
  current: Payment,
  changeId: string,
  refundId: string,
  webhook?: WebhookRecord,
  cause: PartialRefundCause = { causationId: changeId, reason: changeReason },
): Promise<boolean> => {
  const { orderId, paymentId, amount } = current;
  const entry = current.partialRefunds?.find((refund) => refund.changeId === changeId);
  if (!paymentId || !amount || !entry) throw new Error(`order ${orderId} has no partial refund reserved for ${changeId}`);
  const event = publisher.build({
    type: 'PAYMENT_REFUNDED',
    orderId,
    causationId: cause.causationId,
    data: {
      paymentId,
      refundId,
      amount: { amount: entry.amount, currency: amount.currency },
      reason: cause.reason(entry.amount, amount.currency),
    },
  });
  const completed = revised(current, {
    partialRefunds: current.partialRefunds!.map((refund) => (refund.changeId === changeId ? { ...refund, refundId } : refund)),
    updatedAt: now().toISOString(),
  });
  const saved = await payments.save(completed, 'confirmed', event, current.revision ?? 0, webhook);
  if (saved) count('PaymentRefunded');
  return saved;
};
