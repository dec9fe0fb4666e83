import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import { TransientPaymentError } from '../../adapters/payment-provider.js';
import { paymentPartition } from '../../adapters/payment-repository.js';
import { chargeMatchesOrder } from '../../domain/owner-confirmation.js';
import { chargeKey } from '../../domain/payment.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { refused } from '../../use-cases/owner-refusal.js';
import { recordOutcome } from '../../use-cases/payment-outcome.js';

/**
 * Charges the total of a new invoice with the order's payment method, then announces the outcome.
 * The provider sees one idempotency key per order, so retries (ours within the time budget, or
 * Lambda's), redeliveries, and an invoice event that names another invoice id never charge twice.
 * The amount is confirmed with orders, read anyway for the payment token (on the route that is
 * billing's alone): an event whose total is not the order's is not its invoice, and charges nothing.
 * A decline is an outcome, not an error: it is never retried. A payment the customer must
 * authenticate (3-D Secure) or a bank debit is recorded as it stands, and settles by webhook
 * (receive-payment-webhook); whichever of the answer and its webhook comes first moves it.
 */
export const chargeInvoice = async (
  dependencies: BillingDependencies,
  invoice: OrderEvent<'INVOICE_CREATED'>,
  budgetMs: number,
): Promise<void> => {
  const { payments, outbox, orders, provider } = dependencies;
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
    stored = await recordOutcome(dependencies, result, {
      orderId,
      invoiceId: invoice.data.invoiceId,
      amount: invoice.data.total,
      causationId: invoice.id,
      budgetMs: deadline - Date.now(),
    });
  }
  await outbox.settle(paymentPartition(orderId), stored);
};
