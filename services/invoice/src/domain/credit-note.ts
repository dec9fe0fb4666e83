import { createHash } from 'node:crypto';
import type { CreditNote, Invoice } from '@ecommerce/api-client';
import type { EventData, Money, OrderEvent } from '@ecommerce/shared-events';
import { creditNoteKind, documentNumber, type SeriesPlace } from './numbering.js';
import type { StoredInvoice } from './invoice.js';

export type { CreditNote };

/**
 * One credit note per refund: its id follows from the provider's refund id, so a repeated or late
 * PAYMENT_REFUNDED finds the same credit note. (A refund id is the provider's, of any length and
 * alphabet; its digest is an id of ours.)
 */
export const creditNoteIdFor = (refundId: string): string =>
  `cn-${createHash('sha256').update(refundId).digest('hex').slice(0, 32)}`;

export const creditNoteFor = (
  refund: OrderEvent<'PAYMENT_REFUNDED'>,
  invoice: StoredInvoice,
  { place, issuedAt }: { place: SeriesPlace; issuedAt: Date },
): CreditNote => ({
  creditNoteId: creditNoteIdFor(refund.data.refundId),
  creditNoteNumber: documentNumber(creditNoteKind, issuedAt.getUTCFullYear(), place),
  invoiceId: invoice.invoiceId,
  invoiceNumber: invoice.invoiceNumber,
  orderId: invoice.orderId,
  customerId: invoice.customerId,
  issuedAt: issuedAt.toISOString(),
  amount: refund.data.amount,
  refundId: refund.data.refundId,
  reason: refund.data.reason,
});

export const creditNoteCreatedData = (note: CreditNote): EventData<'CREDIT_NOTE_CREATED'> => ({
  creditNoteId: note.creditNoteId,
  creditNoteNumber: note.creditNoteNumber,
  invoiceId: note.invoiceId,
  invoiceNumber: note.invoiceNumber,
  amount: note.amount,
  refundId: note.refundId,
  reason: note.reason,
});

/**
 * The invoice as its customer reads it: with every credit note issued against it, oldest first, and
 * its balance, the total minus what the credit notes gave back, which is what the customer paid.
 */
export const invoiceWithCreditNotes = (invoice: StoredInvoice, creditNotes: CreditNote[]): Invoice => {
  // Series run side by side, so numbers alone do not say which came first.
  const notes = [...creditNotes].sort(
    (a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.creditNoteNumber.localeCompare(b.creditNoteNumber),
  );
  for (const note of notes) {
    if (note.amount.currency !== invoice.total.currency)
      throw new Error(`credit note ${note.creditNoteId} is in ${note.amount.currency}, its invoice in ${invoice.total.currency}`);
  }
  const balance: Money = {
    amount: notes.reduce((left, note) => left - note.amount.amount, invoice.total.amount),
    currency: invoice.total.currency,
  };
  return { ...invoice, creditNotes: notes, balance };
};
