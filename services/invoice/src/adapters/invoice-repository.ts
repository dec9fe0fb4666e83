import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { CreditNote } from '../domain/credit-note.js';
import type { StoredInvoice } from '../domain/invoice.js';
import { creditNoteSeries, invoiceSeries, type NumberSeries } from '../domain/numbering.js';
import { createNumberedDocuments, type IssueOutcome } from './numbered-documents.js';

export type { IssueOutcome };

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
  /** The last number used in a series in a year, 0 before the first. */
  lastSequence(series: NumberSeries, year: number): Promise<number>;
  /**
   * Stores an invoice under the next number and its INVOICE_CREATED in the outbox, in one transaction
   * that also moves the year's counter from `sequence - 1` to `sequence`. It fails without writing
   * anything when the order already has an invoice, or when another invoice took that number first.
   */
  issue(invoice: StoredInvoice, sequence: number, event: OrderEvent): Promise<IssueOutcome>;
  /** As `issue`, for a credit note in its own series, beside its invoice. */
  issueCreditNote(note: CreditNote, sequence: number, event: OrderEvent): Promise<IssueOutcome>;
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
    lastSequence: numbered.lastSequence,
    issue: (invoice, sequence, event) =>
      numbered.issue({
        series: invoiceSeries,
        year: yearOf(invoice.issuedAt),
        sequence,
        item: { ...invoiceKey(invoice.invoiceId), ...invoice },
        event,
      }),
    issueCreditNote: (note, sequence, event) =>
      numbered.issue({
        series: creditNoteSeries,
        year: yearOf(note.issuedAt),
        sequence,
        item: { ...creditNoteKey(note.invoiceId, note.creditNoteId), ...note },
        event,
      }),
  };
};
