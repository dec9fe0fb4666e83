import { logger } from '@ecommerce/observability';
import type { PaymentNews } from '../../adapters/payment-provider.js';
import { paymentPartition, type WebhookRecord } from '../../adapters/payment-repository.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { recordOutcome } from '../../use-cases/payment-outcome.js';
import { settleRefunds } from './settle-refunds.js';

/** Reads a webhook: checks its signature and timestamp, then says what it means. Throws WebhookRejectedError. */
export type ReadWebhook = (rawBody: string, signature: string | undefined) => PaymentNews;

export interface WebhookDependencies extends BillingDependencies {
  readWebhook: () => Promise<ReadWebhook>;
}

export type WebhookReceipt = { received: true; duplicate?: true };

/**
 * One webhook of the provider's. Nothing is read of it before its signature holds (the caller
 * answers 400 then). Each event id is acted on once: recorded in the transaction that moves the
 * payment, or alone when it moves nothing; a repeat is answered 200 without a look further. The
 * payment moves only forward (payment-outcome.ts), so a webhook that comes late, twice, or before
 * the answer it repeats changes nothing more.
 */
export const receivePaymentWebhook = async (
  dependencies: WebhookDependencies,
  rawBody: string,
  signature: string | undefined,
  budgetMs: number,
): Promise<WebhookReceipt> => {
  const { payments, outbox, now = () => new Date() } = dependencies;
  const news = (await dependencies.readWebhook())(rawBody, signature);
  if (news.kind === 'ignored') {
    logger.info('provider webhook not acted on', { type: news.type, eventId: news.eventId });
    return { received: true };
  }
  if (await payments.hasWebhook(news.eventId)) return { received: true, duplicate: true };
  const webhook: WebhookRecord = {
    eventId: news.eventId,
    type: news.kind,
    orderId: news.orderId,
    receivedAt: now().toISOString(),
  };
  if (news.kind === 'payment') {
    const stored = await recordOutcome(dependencies, news.result, {
      orderId: news.orderId,
      ...(news.invoiceId ? { invoiceId: news.invoiceId } : {}),
      amount: news.amount,
      webhook: { ...webhook, type: `payment:${news.result.outcome}` },
      budgetMs,
    });
    await outbox.settle(paymentPartition(news.orderId), stored);
  } else if (news.kind === 'refunds') {
    await settleRefunds(dependencies, news, webhook);
  } else {
    // Billing cancels its payments itself (refund-payment.ts): the provider's word on it is a receipt.
    await payments.recordWebhook(webhook);
  }
  return { received: true };
};
