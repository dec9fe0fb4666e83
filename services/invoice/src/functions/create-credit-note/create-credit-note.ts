import { count } from '@ecommerce/observability';
import type { OrderEvent } from '@ecommerce/shared-events';
import { invoicePartition } from '../../adapters/invoice-repository.js';
import { creditNoteCreatedData, creditNoteFor } from '../../domain/credit-note.js';
import { invoiceIdFor } from '../../domain/invoice.js';
import { creditNoteKind } from '../../domain/numbering.js';
import type { CreateInvoiceDependencies } from '../../use-cases/invoice-dependencies.js';
import { issueUnderNextNumber, type RetryLostNumbers } from '../../use-cases/issue-under-next-number.js';

/**
 * Issues the credit note of a refund against the order's invoice, under the next free number of
 * the credit notes' own series, then publishes CREDIT_NOTE_CREATED. One credit note per refund
 * (its id follows from the refund's), however often or late PAYMENT_REFUNDED is delivered.
 */
export const createCreditNote = async (
  { invoices, outbox, publisher, now = () => new Date(), letters }: CreateInvoiceDependencies,
  refund: OrderEvent<'PAYMENT_REFUNDED'>,
  retry: RetryLostNumbers,
): Promise<void> => {
  const invoiceId = invoiceIdFor(refund.orderId);
  const invoice = await invoices.get(invoiceId);
  // Money is only taken after INVOICE_CREATED, which is stored with its invoice: failing lets the
  // delivery be retried, and writes nothing, so no number is used up.
  if (!invoice) throw new Error(`PAYMENT_REFUNDED ${refund.id} is about order ${refund.orderId}, which has no invoice yet`);
  let event: OrderEvent | undefined;
  const issued = await issueUnderNextNumber({
    what: `the credit note of refund ${refund.data.refundId}`,
    lastIssued: (year, letter) => invoices.lastIssued(creditNoteKind, year, letter),
    issue: (place, issuedAt) => {
      const note = creditNoteFor(refund, invoice, { place, issuedAt });
      event = publisher.build({
        type: 'CREDIT_NOTE_CREATED',
        orderId: refund.orderId,
        causationId: refund.id,
        data: creditNoteCreatedData(note),
      });
      return invoices.issueCreditNote(note, place, event);
    },
    now,
    retry,
    ...(letters ? { letters } : {}),
  });
  if (issued) count('CreditNoteIssued');
  await outbox.settle(invoicePartition(invoiceId), issued ? event : undefined);
};
