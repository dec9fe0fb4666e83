import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher, OrderEvent } from '@ecommerce/shared-events';
import { invoicePartition, type InvoiceRepository } from '../../adapters/invoice-repository.js';
import { invoiceCreatedData, invoiceFor, invoiceIdFor } from '../../domain/invoice.js';

export interface CreateInvoiceDependencies {
  invoices: InvoiceRepository;
  outbox: OutboxRelay;
  publisher: EventPublisher<'invoice'>;
  now?: () => Date;
}

const maxAttempts = 20;

/**
 * Issues the one invoice of a new order under the next free number, then publishes INVOICE_CREATED.
 * A repeated ORDER_CREATED issues nothing, and sends again whatever the first delivery left in the outbox.
 */
export const createInvoice = async (
  { invoices, outbox, publisher, now = () => new Date() }: CreateInvoiceDependencies,
  order: OrderEvent<'ORDER_CREATED'>,
): Promise<void> => {
  const invoiceId = invoiceIdFor(order.orderId);
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    if (await invoices.get(invoiceId)) break;
    const issuedAt = now();
    const sequence = (await invoices.lastSequence(issuedAt.getUTCFullYear())) + 1;
    const invoice = invoiceFor(order, { sequence, issuedAt });
    const event = publisher.build({
      type: 'INVOICE_CREATED',
      orderId: order.orderId,
      causationId: order.id,
      data: invoiceCreatedData(invoice),
    });
    const outcome = await invoices.issue(invoice, sequence, event);
    if (outcome !== 'number-taken') break;
    if (attempt === maxAttempts)
      throw new Error(`no free invoice number for order ${order.orderId} after ${maxAttempts} attempts`);
  }
  await outbox.flush(invoicePartition(invoiceId));
};
