import { logger } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import { formatMoney, returnRefundReason, type OrderEvent, type Reason } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../../adapters/payment-provider.js';
import { paymentPartition } from '../../adapters/payment-repository.js';
import { owedForChanges, refundVerdict, returnedValue, type DeliveryFailure } from '../../domain/owner-confirmation.js';
import { cancelKey, isUnsettled, partialRefundKey, revised, unrefunded, type Payment } from '../../domain/payment.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { refused } from '../../use-cases/owner-refusal.js';
import {
  changeReason,
  completePartialRefund,
  refundConfirmed,
  settledRefund,
  type PartialRefundCause,
} from '../../use-cases/refund-confirmed.js';

export type RefundCause = OrderEvent<'SHIPMENT_ERROR' | 'ORDER_CANCELLED' | DeliveryFailure>;

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

/** A part of a confirmed payment given back while the order goes on: a change that lowered it, or a return. */
interface RefundPart extends PartialRefundCause {
  orderId: string;
  /** The change's event id, or the return's id: what the refund is reserved and keyed under, once. */
  partId: string;
  /** What the part owes, as orders says it, never more than is left of the payment; 0 or less refunds nothing. */
  owed: (payment: Payment) => Promise<number>;
  /** What the refusal of a part that owes nothing says. */
  refusal: string;
}

/**
 * Refunds a part of a confirmed payment: keyed by the part, reserved over the payment's revision
 * before the provider is asked, so a redelivery never refunds twice and the refunds never exceed
 * the charge. The amount is what orders says is owed, read once before the reservation. Nothing once
 * the payment is fully refunded or its full refund reserved: that gives back everything left.
 */
const refundPart = async (dependencies: BillingDependencies, part: RefundPart, deadline: number): Promise<void> => {
  const { payments, outbox, provider, now = () => new Date() } = dependencies;
  const { orderId, partId } = part;
  for (let look = 1; look <= 3; look += 1) {
    const payment = await payments.get(orderId);
    // Orders changes items, and takes returns, only after PAYMENT_CONFIRMED, which billing announces
    // in the transaction that records the payment: with no record, billing never took money for this order.
    if (!payment) {
      logger.warn('a partial refund of an order billing has no payment for: nothing to refund');
      break;
    }
    if (payment.status !== 'confirmed' || payment.fullRefund) break;
    const { paymentId, amount } = payment;
    if (!paymentId || !amount) throw new Error(`the confirmed payment of order ${orderId} has no payment id or amount`);
    let current = payment;
    let entry = payment.partialRefunds?.find((refund) => refund.changeId === partId);
    if (entry?.refundId) break;
    if (!entry) {
      entry = { changeId: partId, amount: Math.min(await part.owed(payment), unrefunded(payment)) };
      if (entry.amount <= 0) {
        refused(part.refusal);
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
          idempotencyKey: partialRefundKey(paymentId, partId, entry.failures),
          metadata: { orderId, changeId: partId },
        }),
      { isTransient: (error) => error instanceof TransientPaymentError, budgetMs: deadline - Date.now() },
    );
    const failed = {
      partialRefunds: current.partialRefunds!.map((reserved) =>
        reserved.changeId === partId ? { ...reserved, failures: (reserved.failures ?? 0) + 1 } : reserved,
      ),
    };
    if (!(await settledRefund(dependencies, current, refund, failed))) break;
    if (await completePartialRefund(dependencies, current, partId, refund.refundId, undefined, part)) break;
  }
  await outbox.flush(paymentPartition(orderId));
};

/**
 * Gives back the difference when an operator lowered a paid order (ORDER_MODIFIED version 2 whose
 * total went down), as a partial refund keyed by the change. Never more than orders says the
 * changes owe (the charge less what the order costs now, less the refunds reserved): a change
 * orders never made refunds nothing. Version 1 carries no money and is accepted with nothing to do.
 */
export const refundChange = async (
  dependencies: BillingDependencies,
  change: OrderEvent<'ORDER_MODIFIED'>,
  budgetMs: number,
): Promise<void> => {
  if (change.version === 1) return;
  const deadline = Date.now() + budgetMs;
  const difference = change.data.old.total.amount - change.data.new.total.amount;
  if (difference <= 0) return;
  await refundPart(
    dependencies,
    {
      orderId: change.orderId,
      partId: change.id,
      causationId: change.id,
      // What the change's event says it lowered, bounded by what orders says the changes owe.
      owed: async (payment) =>
        Math.min(
          difference,
          owedForChanges(payment, await dependencies.orders.get(change.orderId, { timeoutMs: deadline - Date.now() })),
        ),
      reason: changeReason,
      refusal: 'ORDER_MODIFIED lowers an order by more than orders says is owed: nothing refunded',
    },
    deadline,
  );
};

/**
 * Refunds what a customer sent back once the carrier brought it (RETURN_RECEIVED): the returned
 * lines at the price paid, as orders holds the return (the event names it, orders says what it
 * holds), read again while orders has not recorded its arrival. Not the delivery: the order was
 * delivered. A partial refund keyed by the return: once, however often the event comes.
 */
export const refundReturn = async (
  dependencies: BillingDependencies,
  arrival: OrderEvent<'RETURN_RECEIVED'>,
  budgetMs: number,
): Promise<void> => {
  const deadline = Date.now() + budgetMs;
  const { orderId } = arrival;
  const { returnId } = arrival.data;
  await refundPart(
    dependencies,
    {
      orderId,
      partId: returnId,
      causationId: arrival.id,
      owed: async () => {
        const order = await retryTransient(
          async () => {
            const held = await dependencies.orders.get(orderId, { timeoutMs: deadline - Date.now() });
            if (held.returns?.find((ret) => ret.returnId === returnId)?.status === 'REQUESTED')
              throw new NotRecordedByOrders(`orders has not recorded the arrival of return ${returnId} yet`);
            return held;
          },
          { isTransient: (error) => error instanceof NotRecordedByOrders, budgetMs: deadline - Date.now() },
        );
        return returnedValue(order, returnId);
      },
      reason: (amount, currency) => ({
        code: returnRefundReason,
        message: `We received your return ${returnId}: ${formatMoney({ amount, currency })} for what you sent back.`,
      }),
      refusal: `RETURN_RECEIVED for a return orders does not hold received (${returnId}): nothing refunded`,
    },
    deadline,
  );
};

/** Why the money goes back, in the customer's words: the cause's own reason, or the parcel's return. */
const reasonOf = (cause: RefundCause): Reason =>
  cause.type === 'PARCEL_RETURNED'
    ? { code: 'parcel_returned', message: 'The carrier could not deliver your parcel and brought it back to us.' }
    : cause.data.reason;

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
 * Gives the money back when a paid order cannot ship, is cancelled, or its parcel could not be
 * delivered (all of it: the goods and the delivery the customer never had), once orders confirms it. An
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
      if (cause.type !== 'ORDER_CANCELLED')
        throw new Error(`${cause.type} for order ${orderId}, whose payment billing has not recorded yet`);
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
    if (await refundConfirmed(dependencies, payment, reasonOf(cause), cause.id, deadline - Date.now())) break;
  }
  await outbox.flush(paymentPartition(orderId));
};
