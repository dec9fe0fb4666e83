import { count } from '@ecommerce/observability';
import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../../adapters/payment-provider.js';
import { paymentPartition } from '../../adapters/payment-repository.js';
import { chargeMatchesOrder } from '../../domain/owner-confirmation.js';
import { chargeKey } from '../../domain/payment.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { refused } from '../../use-cases/owner-refusal.js';
import { refundConfirmed } from '../../use-cases/refund-confirmed.js';

/**
 * Charges the total of a new invoice with the order's payment method, then announces the outcome.
 * The provider sees one idempotency key per order, so retries (ours within the time budget, or
 * Lambda's), redeliveries, and an invoice event that names another invoice id never charge twice.
 * The amount is confirmed with orders, read anyway for the payment token (on the route that is
 * billing's alone): an event whose total is not the order's is not its invoice, and charges nothing.
 * A decline is an outcome, not an error: it is never retried.
 */
export const chargeInvoice = async (
  { payments, outbox, orders, provider, publisher, now = () => new Date() }: BillingDependencies,
  invoice: OrderEvent<'INVOICE_CREATED'>,
  budgetMs: number,
): Promise<void> => {
  const { orderId } = invoice;
  const deadline = Date.now() + budgetMs;
  let stored: OrderEvent | undefined;
  if (!(await payments.get(orderId))) {
    const order = await orders.getPayable(orderId, { timeoutMs: deadline - Date.now() });
    if (!chargeMatchesOrder(invoice, order)) {
      refused('INVOICE_CREATED asks for an amount its order does not cost: nothing charged', {
        asked: invoice.data.total,
        orderTotal: order.total,
      });
      return;
    }
    const paymentProvider = await provider();
    const result = await retryTransient(
      () =>
        paymentProvider.charge({
          amount: invoice.data.total,
          paymentMethod: order.paymentToken,
          idempotencyKey: chargeKey(orderId),
          metadata: { orderId, invoiceId: invoice.data.invoiceId },
        }),
      { isTransient: (error) => error instanceof TransientPaymentError, budgetMs: deadline - Date.now() },
    );
    const updatedAt = now().toISOString();
    if (result.outcome === 'confirmed') {
      const event = publisher.build({
        type: 'PAYMENT_CONFIRMED',
        orderId,
        causationId: invoice.id,
        data: { paymentId: result.paymentId, provider: paymentProvider.name, amount: invoice.data.total },
      });
      const payment = {
        orderId,
        status: 'confirmed' as const,
        invoiceId: invoice.data.invoiceId,
        paymentId: result.paymentId,
        amount: invoice.data.total,
        updatedAt,
      };
      if (await payments.save(payment, undefined, event)) stored = event;
      else if ((await payments.get(orderId))?.status === 'cancelled') {
        // The order was cancelled while the card was being charged: the money goes straight back.
        const reason = { code: 'order_cancelled', message: 'Your order was cancelled, so your payment was refunded.' };
        await payments.save(payment, 'cancelled');
        await refundConfirmed({ payments, outbox, orders, provider, publisher, now }, payment, reason, invoice.id, budgetMs);
      }
    } else {
      const event = publisher.build({
        type: 'PAYMENT_FAILED',
        orderId,
        causationId: invoice.id,
        data: { reason: { code: result.code, message: result.message } },
      });
      if (await payments.save({ orderId, status: 'failed', invoiceId: invoice.data.invoiceId, updatedAt }, undefined, event)) {
        stored = event;
        count('PaymentDeclined');
      }
    }
  }
  await outbox.settle(paymentPartition(orderId), stored);
};
