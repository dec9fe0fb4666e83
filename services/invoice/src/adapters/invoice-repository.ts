import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { CreditNote } from '../domain/credit-note.js';
import type { StoredInvoice } from '../domain/invoice.js';
import { creditNoteKind, invoiceKind, type DocumentKind, type SeriesPlace } from '../domain/numbering.js';
import { createNumberedDocuments, type IssueOutcome, type LastIssued } from './numbered-documents.js';

/** An invoice's partition: the invoice, its credit notes, and their events until sent. */
export const invoicePartition = (invoiceId: string) => `INVOICE#${invoiceId}`;
const invoiceKey = (invoiceId: string) => ({ pk: invoicePartition(invoiceId), sk: 'INVOICE' });
const creditNotePrefix = 'CREDIT_NOTE#';
const creditNoteKey = (invoiceId: string, creditNoteId: string) => ({
  pk: invoicePartition(invoiceId),
  sk: `${creditNotePrefix}${creditNoteId}`,
});

export interface InvoiceRepository {
  get(invoiceId: string): Promise<StoredInvoice | undefined>;
  /** The invoice with its credit notes, in one query of its partition. */
  getWithCreditNotes(invoiceId: string): Promise<{ invoice: StoredInvoice; creditNotes: CreditNote[] } | undefined>;
  getCreditNote(invoiceId: string, creditNoteId: string): Promise<CreditNote | undefined>;
  /** The last number of a kind's series of a year (its letter), 0 before the first, and when it was issued. */
  lastIssued(kind: DocumentKind, year: number, letter: string): Promise<LastIssued>;
  /**
   * Stores an invoice under its place in a series and its INVOICE_CREATED in the outbox, in one
   * transaction that also moves the series' counter from `sequence - 1` to `sequence`. It fails
   * without writing anything when the order already has an invoice, or when another invoice took
   * that number first.
   */
  issue(invoice: StoredInvoice, place: SeriesPlace, event: OrderEvent): Promise<IssueOutcome>;
  /** As `issue`, for a credit note in its own kind's series, beside its invoice. */
  issueCreditNote(note: CreditNote, place: SeriesPlace, event: OrderEvent): Promise<IssueOutcome>;
}

const yearOf = (isoTime: string) => new Date(isoTime).getUTCFullYear();

export const createInvoiceRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): InvoiceRepository => {
  const numbered = createNumberedDocuments({ tableName, client });
  return {
    get: (invoiceId) => getItem<StoredInvoice>(client, tableName, invoiceKey(invoiceId)),
    getWithCreditNotes: async (invoiceId) => {
      // CREDIT_NOTE#... sorts before INVOICE, and both before OUTBOX#...: the range leaves pending events out.
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ConsistentRead: true,
          ExpressionAttributeValues: { ':pk': invoicePartition(invoiceId), ':from': creditNotePrefix, ':to': 'INVOICE' },
        }),
      );
      const documents = Items.map(({ pk: _pk, sk, ...document }) => ({ sk: sk as string, document }));
      const invoice = documents.find(({ sk }) => sk === 'INVOICE')?.document as StoredInvoice | undefined;
      if (!invoice) return undefined;
      const creditNotes = documents
        .filter(({ sk }) => sk.startsWith(creditNotePrefix))
        .map(({ document }) => document as CreditNote);
      return { invoice, creditNotes };
    },
    getCreditNote: (invoiceId, creditNoteId) => getItem<CreditNote>(client, tableName, creditNoteKey(invoiceId, creditNoteId)),
    lastIssued: numbered.lastIssued,
    issue: (invoice, place, event) =>
      numbered.issue({
        kind: invoiceKind,
        year: yearOf(invoice.issuedAt),
        place,
        issuedAt: invoice.issuedAt,
        item: { ...invoiceKey(invoice.invoiceId), ...invoice },
        event,
      }),
    issueCreditNote: (note, place, event) =>
      numbered.issue({
        kind: creditNoteKind,
        year: yearOf(note.issuedAt),
        place,
        issuedAt: note.issuedAt,
        item: { ...creditNoteKey(note.invoiceId, note.creditNoteId), ...note },
        event,
      }),
  };
};
