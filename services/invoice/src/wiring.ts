import { createDocumentClient, readEnvironment } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import { CREDIT_NOTE_CREATED, INVOICE_CREATED } from '@ecommerce/shared-events/validators';
import { createInvoiceRepository } from './adapters/invoice-repository.js';
import type { CreateInvoiceDependencies } from './use-cases/invoice-dependencies.js';

/** The real adapters of the functions that issue invoices and credit notes, built once per cold start. */
export const wireInvoice = (): CreateInvoiceDependencies => {
  const env = readEnvironment(['INVOICES_TABLE', 'ORDER_EVENTS_TOPIC_ARN']);
  const client = createDocumentClient();
  const publisher = createEventPublisher({
    source: 'invoice',
    topicArn: env.ORDER_EVENTS_TOPIC_ARN,
    validators: { INVOICE_CREATED, CREDIT_NOTE_CREATED },
  });
  return {
    invoices: createInvoiceRepository({ tableName: env.INVOICES_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.INVOICES_TABLE, client, sender: publisher, owner: 'invoice' }),
    publisher,
  };
};
