import type { OrderEvent } from '@ecommerce/shared-events';
import { invoicePartition } from '../../adapters/invoice-repository.js';
import { invoiceCreatedData, invoiceFor, invoiceIdFor } from '../../domain/invoice.js';
import { invoiceKind } from '../../domain/numbering.js';
import type { CreateInvoiceDependencies } from '../../use-cases/invoice-dependencies.js';
import { issueUnderNextNumber, type RetryLostNumbers } from '../../use-cases/issue-under-next-number.js';

/**
 * Issues the one invoice of a new order under the next free number of a series, then publishes
 * INVOICE_CREATED. A repeated ORDER_CREATED issues nothing, and sends again whatever the first
 * delivery left in the outbox. `retry` says how long a writer that loses a number keeps trying.
 */
export const createInvoice = async (
  { invoices, outbox, publisher, now = () => new Date(), letters }: CreateInvoiceDependencies,
  order: OrderEvent<'ORDER_CREATED'>,
  retry: RetryLostNumbers,
): Promise<void> => {
  const invoiceId = invoiceIdFor(order.orderId);
  let event: OrderEvent | undefined;
  const issued = await issueUnderNextNumber({
    what: `the invoice of order ${order.orderId}`,
    lastIssued: (year, letter) => invoices.lastIssued(invoiceKind, year, letter),
    issue: (place, issuedAt) => {
      const invoice = invoiceFor(order, { place, issuedAt });
      event = publisher.build({
        type: 'INVOICE_CREATED',
        orderId: order.orderId,
        causationId: order.id,
        data: invoiceCreatedData(invoice),
      });
      return invoices.issue(invoice, place, event);
    },
    now,
    retry,
    ...(letters ? { letters } : {}),
  });
  await outbox.settle(invoicePartition(invoiceId), issued ? event : undefined);
};
