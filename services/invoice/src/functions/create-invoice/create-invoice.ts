import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher, OrderEvent } from '@ecommerce/shared-events';
import { invoicePartition, type InvoiceRepository } from '../../adapters/invoice-repository.js';
import { invoiceCreatedData, invoiceFor, invoiceIdFor } from '../../domain/invoice.js';
import { invoiceSeries } from '../../domain/numbering.js';
import { issueUnderNextNumber } from '../issue-under-next-number.js';

export interface CreateInvoiceDependencies {
  invoices: InvoiceRepository;
  outbox: OutboxRelay;
  publisher: EventPublisher<'invoice'>;
  now?: () => Date;
}

/**
 * Issues the one invoice of a new order under the next free number, then publishes INVOICE_CREATED.
 * A repeated ORDER_CREATED issues nothing, and sends again whatever the first delivery left in the outbox.
 */
export const createInvoice = async (
  { invoices, outbox, publisher, now = () => new Date() }: CreateInvoiceDependencies,
  order: OrderEvent<'ORDER_CREATED'>,
): Promise<void> => {
  const invoiceId = invoiceIdFor(order.orderId);
  let event: OrderEvent | undefined;
  const issued = await issueUnderNextNumber({
    what: `the invoice of order ${order.orderId}`,
    exists: async () => (await invoices.get(invoiceId)) !== undefined,
    lastSequence: (year) => invoices.lastSequence(invoiceSeries, year),
    issue: (sequence, issuedAt) => {
      const invoice = invoiceFor(order, { sequence, issuedAt });
      event = publisher.build({
        type: 'INVOICE_CREATED',
        orderId: order.orderId,
        causationId: order.id,
        data: invoiceCreatedData(invoice),
      });
      return invoices.issue(invoice, sequence, event);
    },
    now,
  });
  await outbox.settle(invoicePartition(invoiceId), issued ? event : undefined);
};
