import { randomUUID } from 'node:crypto';
import { reportFigure } from '@ecommerce/local-cloud';
import { createOutboxRelay } from '@ecommerce/outbox';
import { crashPoints, measureDualWrites } from '@ecommerce/outbox/fault-injection';
import { createEventPublisher, exampleEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it, vi } from 'vitest';
import { createInvoiceRepository } from '../src/adapters/invoice-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';

const tableName = 'invoice-local';
const client = createDocumentClient();
const runs = 20;

describe('an invoice and its INVOICE_CREATED, when the process dies anywhere between them', () => {
  it.each(crashPoints)('are both kept or both absent once the outbox is swept (process dies %s)', async (crashPoint) => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const outcome = await measureDualWrites({
      tableName,
      client,
      crashPoint,
      runs,
      announcedBy: 'INVOICE_CREATED',
      input: () => exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() }),
      act: (order, faulty, recorder) =>
        createInvoice(
          {
            invoices: createInvoiceRepository({ tableName, client: faulty.client }),
            outbox: createOutboxRelay({ tableName, client: faulty.client, sender: faulty.sender }),
            publisher: createEventPublisher({
              source: 'invoice',
              validators: eventValidators,
              topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
              sns: recorder as never,
            }),
            // A year of its own, so that these invoices take no numbers from the others.
            now: () => new Date(Date.UTC(2099, 0, 1)),
          },
          order,
        ),
      isStored: async ({ orderId }) => (await createInvoiceRepository({ tableName, client }).get(`inv-${orderId}`)) !== undefined,
    });

    reportFigure('no dual-write loss, invoice', { crashPoint, ...outcome });
    expect(outcome).toMatchObject({
      runs,
      lostEvents: 0,
      phantomEvents: 0,
      stored: crashPoint === 'before the commit' ? 0 : runs,
    });
    vi.restoreAllMocks();
  });
});
