import { randomUUID } from 'node:crypto';
import { describeDualWrites } from '@ecommerce/outbox/dual-write-suite';
import { exampleEvent } from '@ecommerce/shared-events';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createInvoiceRepository } from '../src/adapters/invoice-repository.js';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { retryLostNumbers } from '../src/use-cases/issue-under-next-number.js';

const tableName = 'invoice-local';
const client = createDocumentClient();

describeDualWrites('an invoice and its INVOICE_CREATED', 'invoice', {
  tableName,
  client,
  runs: 20,
  announcedBy: 'INVOICE_CREATED',
  input: () => exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() }),
  act: (order, faulty) =>
    createInvoice(
      {
        invoices: createInvoiceRepository({ tableName, client: faulty.client }),
        outbox: faulty.outbox,
        publisher: faulty.publisher('invoice'),
        // A year of its own, so that these invoices take no numbers from the others.
        now: () => new Date(Date.UTC(2099, 0, 1)),
      },
      order,
      retryLostNumbers(8_000),
    ),
  isStored: async ({ orderId }) => (await createInvoiceRepository({ tableName, client }).get(`inv-${orderId}`)) !== undefined,
});
