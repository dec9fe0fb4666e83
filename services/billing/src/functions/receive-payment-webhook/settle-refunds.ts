import type { PaymentNews } from '../../adapters/payment-provider.js';
import { paymentPartition, type WebhookRecord } from '../../adapters/payment-repository.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { completeFullRefund, completePartialRefund } from '../../use-cases/refund-confirmed.js';

const refundedByProvider = { code: 'refunded', message: 'Your payment was refunded.' };

/**
 * The provider says which refunds of a payment it made (charge.refunded): each one billing reserved
 * and is still waiting for is recorded as made, with its PAYMENT_REFUNDED, once, whether the
 * provider's answer or this webhook comes first. The webhook's id is recorded with the last change,
 * or alone when there is nothing to record.
 */
export const settleRefunds = async (
  dependencies: BillingDependencies,
  news: Extract<PaymentNews, { kind: 'refunds' }>,
  webhook: WebhookRecord,
): Promise<void> => {
  const { payments, outbox } = dependencies;
  const made = news.refunds.filter((refund) => refund.status === 'succeeded');
  for (let look = 1; look <= 5; look += 1) {
    const payment = await payments.get(news.orderId);
    if (!payment || payment.paymentId !== news.paymentId || payment.status !== 'confirmed') break;
    const partial = payment.partialRefunds?.find(
      (entry) => !entry.refundId && made.some((refund) => refund.changeId === entry.changeId && refund.amount === entry.amount),
    );
    const full = payment.fullRefund && made.find((refund) => !refund.changeId && refund.amount === payment.fullRefund!.amount);
    if (partial) {
      const { refundId } = made.find((refund) => refund.changeId === partial.changeId)!;
      await completePartialRefund(dependencies, payment, partial.changeId, refundId);
      continue;
    }
    if (!full) break;
    const { reason = refundedByProvider, causationId } = payment.fullRefund!;
    if (
      await completeFullRefund(dependencies, payment, full.refundId, { reason, ...(causationId ? { causationId } : {}) }, webhook)
    ) {
      await outbox.flush(paymentPartition(news.orderId));
      return;
    }
  }
  await payments.recordWebhook(webhook);
  await outbox.flush(paymentPartition(news.orderId));
};
