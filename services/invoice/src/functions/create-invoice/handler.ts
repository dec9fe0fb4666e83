import { createDocumentClient, readEnvironment } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, createEventSubscriber } from '@ecommerce/shared-events';
import { INVOICE_CREATED, ORDER_CREATED } from '@ecommerce/shared-events/validators';
import { createInvoiceRepository } from '../../adapters/invoice-repository.js';
import { createInvoice, type CreateInvoiceDependencies } from './create-invoice.js';

export const createHandler = (dependencies: CreateInvoiceDependencies) =>
  createEventSubscriber({ ORDER_CREATED: (event) => createInvoice(dependencies, event) }, { ORDER_CREATED });

const env = readEnvironment(['INVOICES_TABLE', 'ORDER_EVENTS_TOPIC_ARN']);
const client = createDocumentClient();
const publisher = createEventPublisher({
  source: 'invoice',
  topicArn: env.ORDER_EVENTS_TOPIC_ARN,
  validators: { INVOICE_CREATED },
});

export const main = createHandler({
  invoices: createInvoiceRepository({ tableName: env.INVOICES_TABLE, client }),
  outbox: createOutboxRelay({ tableName: env.INVOICES_TABLE, client, sender: publisher }),
  publisher,
});
