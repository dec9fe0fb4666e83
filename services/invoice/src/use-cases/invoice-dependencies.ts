import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher } from '@ecommerce/shared-events';
import type { InvoiceRepository } from '../adapters/invoice-repository.js';

/** What issuing an invoice or a credit note needs, built once per cold start (src/wiring.ts). */
export interface CreateInvoiceDependencies {
  invoices: InvoiceRepository;
  outbox: OutboxRelay;
  publisher: EventPublisher<'invoice'>;
  now?: () => Date;
  /** The series a document may go into: every letter unless a test or a benchmark narrows them. */
  letters?: readonly string[];
}
