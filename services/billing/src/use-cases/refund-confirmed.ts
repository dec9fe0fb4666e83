import { count } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import type { Reason } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../adapters/payment-provider.js';
import { refundKey, revised, unrefunded, type Payment } from '../domain/payment.js';
import type { BillingDependencies } from './billing-dependencies.js';

/**
 * Refunds what is left of a confirmed payment once, whatever called for it: the amount is reserved
 * first (what partial refunds left), the refund is keyed by the payment, and the payment moves from
 * confirmed to refunded only once. False when the payment changed meanwhile (look again).
 */
export const refundConfirmed = async (
  { payments, provider, publisher, now = () => new Date() }: BillingDependencies,
  payment: Payment,
  reason: Reason,
  causationId: string,
  budgetMs: number,
): Promise<boolean> => {
  const { orderId, paymentId, amount } = payment;
  if (!paymentId || !amount) throw new Error(`the confirmed payment of order ${orderId} has no payment id or amount`);
  let reserved = payment;
  if (!payment.fullRefund) {
    reserved = revised(payment, { fullRefund: { amount: unrefunded(payment) }, updatedAt: now().toISOString() });
    if (!(await payments.save(reserved, 'confirmed', undefined, payment.revision ?? 0))) return false;
  }
  const refundAmount = reserved.fullRefund!.amount;
  const paymentProvider = await provider();
  const { refundId } = await retryTransient(
    () =>
      paymentProvider.refund({
        paymentId,
        // The whole charge when nothing was refunded before, as it always was; what is left otherwise.
        ...(refundAmount === amount.amount ? {} : { amount: refundAmount }),
        idempotencyKey: refundKey(paymentId),
        metadata: { orderId },
      }),
    {
      isTransient: (error) => error instanceof TransientPaymentError,
      budgetMs,
    },
  );
  const event = publisher.build({
    type: 'PAYMENT_REFUNDED',
    orderId,
    causationId,
    data: { paymentId, refundId, amount: { amount: refundAmount, currency: amount.currency }, reason },
  });
  const saved = await payments.save(
    revised(reserved, { status: 'refunded', refundId, updatedAt: now().toISOString() }),
    'confirmed',
    event,
    reserved.revision ?? 0,
  );
  if (saved) count('PaymentRefunded');
  return saved;
};
