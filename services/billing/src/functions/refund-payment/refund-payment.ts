import { count } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent, Reason } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../../adapters/payment-provider.js';
import { paymentPartition } from '../../adapters/payment-repository.js';
import { refundKey, type Payment } from '../../domain/payment.js';
import type { BillingDependencies } from '../billing-dependencies.js';

export type RefundCause = OrderEvent<'SHIPMENT_ERROR' | 'ORDER_CANCELLED'>;

/**
 * Refunds a confirmed payment once, whatever called for it: the refund is keyed by the payment, and
 * the payment moves from confirmed to refunded only once. False when the payment changed meanwhile.
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
  const paymentProvider = await provider();
  const { refundId } = await retryTransient(
    () => paymentProvider.refund({ paymentId, idempotencyKey: refundKey(paymentId), metadata: { orderId } }),
    {
      isTransient: (error) => error instanceof TransientPaymentError,
      budgetMs,
    },
  );
  const event = publisher.build({
    type: 'PAYMENT_REFUNDED',
    orderId,
    causationId,
    data: { paymentId, refundId, amount, reason },
  });
  const saved = await payments.save(
    { ...payment, status: 'refunded', refundId, updatedAt: now().toISOString() },
    'confirmed',
    event,
  );
  if (saved) count('PaymentRefunded');
  return saved;
};

/**
 * Gives the money back when a paid order cannot ship or is cancelled. An order cancelled before it
 * was charged is marked, so that its invoice, if it comes later, is not charged; if the charge wins
 * that race instead, the payment is found confirmed on the next look and refunded.
 */
export const refundPayment = async (dependencies: BillingDependencies, cause: RefundCause, budgetMs: number): Promise<void> => {
  const { payments, outbox, now = () => new Date() } = dependencies;
  const { orderId } = cause;
  for (let look = 1; look <= 3; look += 1) {
    const payment = await payments.get(orderId);
    if (!payment) {
      // A shipment is only booked after a confirmed payment: this one must still be on its way here.
      if (cause.type === 'SHIPMENT_ERROR')
        throw new Error(`SHIPMENT_ERROR for order ${orderId}, whose payment billing has not recorded yet`);
      if (await payments.save({ orderId, status: 'cancelled', updatedAt: now().toISOString() }, undefined)) break;
      continue;
    }
    if (payment.status !== 'confirmed' || (await refundConfirmed(dependencies, payment, cause.data.reason, cause.id, budgetMs)))
      break;
  }
  await outbox.flush(paymentPartition(orderId));
};
