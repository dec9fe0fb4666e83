import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createInvoiceRepository } from '../src/adapters/invoice-repository.js';
import type { CreateInvoiceDependencies } from '../src/functions/create-invoice/create-invoice.js';

// The table the local cloud created from this service's serverless.yml.
export const tableName = 'invoice-local';
export const client = createDocumentClient();
export const invoices = createInvoiceRepository({ tableName, client });

/** A year of its own for a test, far away, so that other tests' documents do not interleave with its numbers. */
export const freshYear = () => 2100 + Math.floor(Math.random() * 7000);

/** Invoice's writers against the local cloud's table, dated in `year`, with what their outbox sends kept in `sent`. */
export const localInvoiceDependencies = (year: number): CreateInvoiceDependencies & { sent: OrderEvent[] } => {
  const sent: OrderEvent[] = [];
  const sender = { send: async (event: OrderEvent) => void sent.push(event) };
  return {
    sent,
    invoices,
    outbox: createOutboxRelay({ tableName, client, sender, owner: 'invoice' }),
    publisher: createEventPublisher({
      source: 'invoice',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
      sns: sender as never,
    }),
    now: () => new Date(Date.UTC(year, 5, 1)),
  };
};
