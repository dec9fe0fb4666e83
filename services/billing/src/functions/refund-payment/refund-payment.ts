import { count, logger } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import { formatMoney, partialRefundReason, type OrderEvent, type Reason } from '@ecommerce/shared-events';
import { TransientPaymentError, type PaymentNews, type ProviderRefund } from '../../adapters/payment-provider.js';
import { paymentPartition, type WebhookRecord } from '../../adapters/payment-repository.js';
import { owedForChanges, refundVerdict } from '../../domain/owner-confirmation.js';
import { cancelKey, isUnsettled, partialRefundKey, refundKey, revised, unrefunded, type Payment } from '../../domain/payment.js';
import type { BillingDependencies } from '../billing-dependencies.js';
import { refused } from '../owner-refusal.js';

export type RefundCause = OrderEvent<'SHIPMENT_ERROR' | 'ORDER_CANCELLED'>;

/** Orders has not recorded yet what the event says (a SHIPMENT_ERROR ahead of it): look again. */
class NotRecordedByOrders extends Error {}

/**
 * Whether orders, the owner of the order, says the cause is real: the order is CANCELLED, or its
 * parcel ended in SHIPMENT_ERROR. One GET /internal/orders/{orderId}, read again within the budget
 * while orders has not caught up with a SHIPMENT_ERROR, then failed so that Lambda retries.
 */
const ordersConfirm = async ({ orders }: BillingDependencies, cause: RefundCause, budgetMs: number): Promise<boolean> => {
  const deadline = Date.now() + budgetMs;
  const { verdict, status } = await retryTransient(
    async () => {
      const { status } = await orders.get(cause.orderId, { timeoutMs: deadline - Date.now() });
      const answer = refundVerdict(cause.type, { status });
      if (answer === 'not-yet')
        throw new NotRecordedByOrders(`orders has not recorded the ${cause.type} of order ${cause.orderId} yet`);
      return { verdict: answer, status };
    },
    { isTransient: (error) => error instanceof NotRecordedByOrders, budgetMs },
  );
  if (verdict === 'not-owed') refused(`${cause.type} for an order orders holds ${status}: nothing refunded`);
  return verdict === 'owed';
};

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
        idempotencyKey: refundKey(paymentId),
        metadata: { orderId },
      }),
    {
      isTransient: (error) => error instanceof TransientPaymentError,
      budgetMs,
    },
  );
  if (!settledRefund(orderId, refund)) return true;
  return completeFullRefund(dependencies, reserved, refund.refundId, { reason, ...(causationId ? { causationId } : {}) });
};

/**
 * Records the full refund reserved on the payment as made, with its PAYMENT_REFUNDED, once: over
 * the revision read, so that the provider's answer and its charge.refunded webhook make one.
 */
const completeFullRefund = async (
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
 * webhook says so (receive-payment-webhook); one the provider failed is asked again, by Lambda's
 * retries, and meanwhile the order waits for its refund, past its deadline among the stalled orders.
 */
const settledRefund = (orderId: string, refund: ProviderRefund): boolean => {
  if (refund.status === 'failed') throw new Error(`the provider failed refund ${refund.refundId} of order ${orderId}`);
  return refund.status === 'succeeded';
};

/** Records a partial refund reserved on the payment as made, with its PAYMENT_REFUNDED, once, over the revision read. */
const completePartialRefund = async (
  { payments, publisher, now = () => new Date() }: BillingDependencies,
  current: Payment,
  changeId: string,
  refundId: string,
  webhook?: WebhookRecord,
): Promise<boolean> => {
  const { orderId, paymentId, amount } = current;
  const entry = current.partialRefunds?.find((refund) => refund.changeId === changeId);
  if (!paymentId || !amount || !entry) throw new Error(`order ${orderId} has no partial refund reserved for ${changeId}`);
  const event = publisher.build({
    type: 'PAYMENT_REFUNDED',
    orderId,
    causationId: changeId,
    data: {
      paymentId,
      refundId,
      amount: { amount: entry.amount, currency: amount.currency },
      reason: changeReason(entry.amount, amount.currency),
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

const changeReason = (amount: number, currency: string): Reason => ({
  code: partialRefundReason,
  message: `Your order was changed and now costs ${formatMoney({ amount, currency })} less.`,
});

/**
 * Gives back the difference when an operator lowered a paid order (ORDER_MODIFIED version 2 whose
 * total went down): a partial refund, keyed by the change, reserved over the payment's revision
 * before the provider is asked, so a redelivery never refunds twice and the refunds never exceed
 * the charge. Never more than orders says the changes owe (the charge less what the order costs
 * now, less the refunds reserved), read once before the reservation: a change orders never made
 * refunds nothing. Nothing once the payment is fully refunded or its full refund reserved: that gives
 * back everything left. Version 1 carries no money and is accepted with nothing to do.
 */
export const refundChange = async (
  dependencies: BillingDependencies,
  change: OrderEvent<'ORDER_MODIFIED'>,
  budgetMs: number,
): Promise<void> => {
  const { payments, outbox, orders, provider, now = () => new Date() } = dependencies;
  if (change.version === 1) return;
  const deadline = Date.now() + budgetMs;
  const difference = change.data.old.total.amount - change.data.new.total.amount;
  if (difference <= 0) return;
  const { orderId } = change;
  for (let look = 1; look <= 3; look += 1) {
    const payment = await payments.get(orderId);
    // Orders changes items only after PAYMENT_CONFIRMED, which billing announces in the transaction
    // that records the payment: with no record, billing never took money for this order.
    if (!payment) {
      logger.warn('ORDER_MODIFIED lowers an order billing has no payment for: nothing to refund');
      break;
    }
    if (payment.status !== 'confirmed' || payment.fullRefund) break;
    const { paymentId, amount } = payment;
    if (!paymentId || !amount) throw new Error(`the confirmed payment of order ${orderId} has no payment id or amount`);
    let current = payment;
    let entry = payment.partialRefunds?.find((refund) => refund.changeId === change.id);
    if (entry?.refundId) break;
    if (!entry) {
      // What the change's event says it lowered, bounded by what orders says the changes owe.
      const owed = owedForChanges(payment, await orders.get(orderId, { timeoutMs: deadline - Date.now() }));
      entry = { changeId: change.id, amount: Math.min(difference, owed) };
      if (entry.amount <= 0) {
        refused('ORDER_MODIFIED lowers an order by more than orders says is owed: nothing refunded');
        break;
      }
      current = revised(payment, { partialRefunds: [...(payment.partialRefunds ?? []), entry], updatedAt: now().toISOString() });
      if (!(await payments.save(current, 'confirmed', undefined, payment.revision ?? 0))) continue;
    }
    const paymentProvider = await provider();
    const refund = await retryTransient(
      () =>
        paymentProvider.refund({
          paymentId,
          amount: entry.amount,
          idempotencyKey: partialRefundKey(paymentId, change.id),
          metadata: { orderId, changeId: change.id },
        }),
      { isTransient: (error) => error instanceof TransientPaymentError, budgetMs: deadline - Date.now() },
    );
    if (!settledRefund(orderId, refund)) break;
    if (await completePartialRefund(dependencies, current, change.id, refund.refundId)) break;
  }
  await outbox.flush(paymentPartition(orderId));
};

/**
 * Cancels at the provider a payment that has not settled (its customer never authenticated it, or
 * the order was cancelled meanwhile), and marks it cancelled. A payment that settled at the
 * provider meanwhile is marked cancelled too: its webhook finds it so and refunds it
 * (payment-outcome.ts). False when the payment changed meanwhile (look again).
 */
const cancelUnsettled = async (
  { payments, provider, now = () => new Date() }: BillingDependencies,
  payment: Payment,
  budgetMs: number,
): Promise<boolean> => {
  const { paymentId } = payment;
  if (paymentId) {
    const paymentProvider = await provider();
    const { outcome } = await retryTransient(() => paymentProvider.cancel({ paymentId, idempotencyKey: cancelKey(paymentId) }), {
      isTransient: (error) => error instanceof TransientPaymentError,
      budgetMs,
    });
    logger.info('unsettled payment of a cancelled order', { paymentId, atProvider: outcome });
  }
  const { nextActionUrl: _asked, ...rest } = payment;
  return payments.save({ ...rest, status: 'cancelled', updatedAt: now().toISOString() }, payment.status);
};

/**
 * Gives the money back when a paid order cannot ship or is cancelled, once orders confirms it. An
 * order cancelled before it was charged is marked, so that its invoice, if it comes later, is not
 * charged; if the charge wins that race instead, the payment is found confirmed on the next look
 * and refunded.
 */
export const refundPayment = async (dependencies: BillingDependencies, cause: RefundCause, budgetMs: number): Promise<void> => {
  const { payments, outbox, now = () => new Date() } = dependencies;
  const { orderId } = cause;
  const deadline = Date.now() + budgetMs;
  // Asked once, right before the first thing that moves money or marks the order.
  let confirmed: Promise<boolean> | undefined;
  const owed = () => (confirmed ??= ordersConfirm(dependencies, cause, deadline - Date.now()));
  for (let look = 1; look <= 3; look += 1) {
    const payment = await payments.get(orderId);
    if (!payment) {
      // A shipment is only booked after a confirmed payment: this one must still be on its way here.
      if (cause.type === 'SHIPMENT_ERROR')
        throw new Error(`SHIPMENT_ERROR for order ${orderId}, whose payment billing has not recorded yet`);
      if (!(await owed())) break;
      if (await payments.save({ orderId, status: 'cancelled', updatedAt: now().toISOString() }, undefined)) break;
      continue;
    }
    if (isUnsettled(payment.status) && cause.type === 'ORDER_CANCELLED') {
      if (!(await owed())) break;
      if (await cancelUnsettled(dependencies, payment, deadline - Date.now())) break;
      continue;
    }
    if (payment.status !== 'confirmed' || !(await owed())) break;
    if (await refundConfirmed(dependencies, payment, cause.data.reason, cause.id, deadline - Date.now())) break;
  }
  await outbox.flush(paymentPartition(orderId));
};

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
