import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem } from '@ecommerce/lambda-kit';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Invoice } from '../domain/invoice.js';

export const invoicePartition = (invoiceId: string) => `INVOICE#${invoiceId}`;
const invoiceKey = (invoiceId: string) => ({ pk: invoicePartition(invoiceId), sk: 'INVOICE' });
const counterKey = (year: number) => ({ pk: `COUNTER#${year}`, sk: 'COUNTER' });

export type IssueOutcome = 'issued' | 'already-issued' | 'number-taken';

export interface InvoiceRepository {
  get(invoiceId: string): Promise<Invoice | undefined>;
  /** The last invoice number used in a year, 0 before the first. */
  lastSequence(year: number): Promise<number>;
  /**
   * Stores an invoice under the next number and its INVOICE_CREATED in the outbox, in one transaction
   * that also moves the year's counter from `sequence - 1` to `sequence`. It fails without writing
   * anything when the order already has an invoice, or when another invoice took that number first.
   */
  issue(invoice: Invoice, sequence: number, event: OrderEvent): Promise<IssueOutcome>;
}

export const createInvoiceRepository = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): InvoiceRepository => ({
  get: (invoiceId) => getItem<Invoice>(client, tableName, invoiceKey(invoiceId)),
  lastSequence: async (year) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: counterKey(year), ConsistentRead: true }));
    return (Item?.['sequence'] as number | undefined) ?? 0;
  },
  issue: async (invoice, sequence, event) => {
    const year = new Date(invoice.issuedAt).getUTCFullYear();
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...invoiceKey(invoice.invoiceId), ...invoice },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...counterKey(year), sequence },
                ConditionExpression: sequence === 1 ? 'attribute_not_exists(pk)' : '#sequence = :previous',
                ...(sequence === 1
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#sequence': 'sequence' },
                      ExpressionAttributeValues: { ':previous': sequence - 1 },
                    }),
              },
            },
            outboxEntry(tableName, invoicePartition(invoice.invoiceId), event),
          ],
        }),
      );
      return 'issued';
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if ((error as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw error;
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'already-issued';
      // Another invoice took the number, or is taking it in a transaction of its own: try the next.
      if (reasons[1]?.Code === 'ConditionalCheckFailed' || reasons.some((reason) => reason.Code === 'TransactionConflict'))
        return 'number-taken';
      throw error;
    }
  },
});
