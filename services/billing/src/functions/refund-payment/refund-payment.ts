import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../../adapters/payment-provider.js';
import { paymentPartition } from '../../adapters/payment-repository.js';
import { refundKey } from '../../domain/payment.js';
import type { BillingDependencies } from '../charge-invoice/charge-invoice.js';

export type RefundCause = OrderEvent<'SHIPMENT_ERROR' | 'ORDER_CANCELLED'>;

/**
 * Gives the money back when a paid order cannot ship or is cancelled, once: the refund is keyed by
 * the payment, and the payment moves from confirmed to refunded only once. An order cancelled
 * before it was charged is marked, so that its invoice, if it comes later, is not charged.
 */
export const refundPayment = async (
  { payments, outbox, provider, publisher, now = () => new Date() }: BillingDependencies,
  cause: RefundCause,
  budgetMs: number,
): Promise<void> => {
  const { orderId } = cause;
  const payment = await payments.get(orderId);
  const updatedAt = now().toISOString();
  if (!payment) {
    // A shipment is only booked after a confirmed payment: this one must still be on its way here.
    if (cause.type === 'SHIPMENT_ERROR')
      throw new Error(`SHIPMENT_ERROR for order ${orderId}, whose payment billing has not recorded yet`);
    await payments.save({ orderId, status: 'cancelled', updatedAt }, undefined);
    return;
  }
  if (payment.status === 'confirmed' && payment.paymentId && payment.amount) {
    const paymentProvider = await provider();
    const { refundId } = await retryTransient(
      () =>
        paymentProvider.refund({
          paymentId: payment.paymentId!,
          idempotencyKey: refundKey(payment.paymentId!),
          metadata: { orderId },
        }),
      { isTransient: (error) => error instanceof TransientPaymentError, budgetMs },
    );
    const event = publisher.build({
      type: 'PAYMENT_REFUNDED',
      orderId,
      causationId: cause.id,
      data: { paymentId: payment.paymentId, refundId, amount: payment.amount, reason: cause.data.reason },
    });
    await payments.save({ ...payment, status: 'refunded', refundId, updatedAt }, 'confirmed', event);
  }
  await outbox.flush(paymentPartition(orderId));
};
