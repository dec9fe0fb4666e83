import { count, logger } from '@ecommerce/observability';
import type { Money, OrderEvent } from '@ecommerce/shared-events';
import type { WebhookRecord } from '../adapters/payment-repository.js';
import { advance, type Payment, type ProviderOutcome } from '../domain/payment.js';
import type { BillingDependencies } from './billing-dependencies.js';
import { refundConfirmed } from './refund-confirmed.js';

const maxLooks = 5;

const paidAfterCancellation = {
  code: 'order_cancelled',
  message: 'Your order was cancelled, so your payment was refunded.',
};

/**
 * Records where the provider says a payment stands, from its synchronous answer or from a webhook
 * (then with its event id, written in the same transaction): the payment moves only forward, each
 * status once, with its event in the outbox, so that the answer and the webhook that repeats it, in
 * either order or at once, make one PAYMENT_CONFIRMED (or PAYMENT_FAILED, or
 * PAYMENT_ACTION_REQUIRED). A payment that settles for an order cancelled meanwhile is refunded.
 * Returns the event stored, for the caller to publish.
 */
export const recordOutcome = async (
  dependencies: BillingDependencies,
  outcome: ProviderOutcome,
  {
    orderId,
    invoiceId,
    amount,
    causationId,
    webhook,
    budgetMs,
  }: { orderId: string; invoiceId?: string; amount: Money; causationId?: string; webhook?: WebhookRecord; budgetMs: number },
): Promise<OrderEvent | undefined> => {
  const { payments, provider, now = () => new Date() } = dependencies;
  const providerName = (await provider()).name;
  for (let look = 1; look <= maxLooks; look += 1) {
    const current = await payments.get(orderId);
    const decision = advance(current, outcome, {
      orderId,
      ...(invoiceId ? { invoiceId } : {}),
      amount,
      updatedAt: now().toISOString(),
    });
    if (decision.change === 'none') {
      if (webhook) await payments.recordWebhook(webhook);
      return undefined;
    }
    if (decision.change === 'paid-after-cancellation') {
      // The order was cancelled while the customer was paying: the money goes straight back.
      if (!(await payments.save(decision.payment, 'cancelled', undefined, undefined, webhook))) continue;
      await refundConfirmed(dependencies, decision.payment, paidAfterCancellation, causationId, budgetMs);
      return undefined;
    }
    const event = announcement(dependencies, decision.payment, outcome, providerName, causationId, decision.announce);
    if (await payments.save(decision.payment, current?.status, event, current?.revision, webhook)) {
      if (event?.type === 'PAYMENT_FAILED') count('PaymentDeclined');
      logger.info('payment moved', { orderId, status: decision.payment.status, by: webhook ? webhook.type : 'answer' });
      return event;
    }
    // Another delivery got there first (or recorded this very webhook): judge again on what it wrote.
    if (webhook && (await payments.hasWebhook(webhook.eventId))) return undefined;
  }
  throw new Error(`the payment of order ${orderId} kept changing; giving up after ${maxLooks} looks`);
};

const announcement = (
  { publisher }: BillingDependencies,
  payment: Payment,
  outcome: ProviderOutcome,
  provider: string,
  causationId: string | undefined,
  type: 'PAYMENT_CONFIRMED' | 'PAYMENT_FAILED' | 'PAYMENT_ACTION_REQUIRED' | undefined,
): OrderEvent | undefined => {
  const { orderId } = payment;
  const cause = causationId ? { causationId } : {};
  if (type === 'PAYMENT_FAILED' && outcome.outcome === 'declined') {
    return publisher.build({ type, orderId, ...cause, data: { reason: { code: outcome.code, message: outcome.message } } });
  }
  if (!payment.paymentId || !payment.amount) return undefined;
  const data = { paymentId: payment.paymentId, provider, amount: payment.amount };
  if (type === 'PAYMENT_CONFIRMED') return publisher.build({ type, orderId, ...cause, data });
  if (type === 'PAYMENT_ACTION_REQUIRED' && payment.nextActionUrl) {
    return publisher.build({ type, orderId, ...cause, data: { ...data, nextActionUrl: payment.nextActionUrl } });
  }
  return undefined;
};
