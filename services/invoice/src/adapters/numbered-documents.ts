import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { NumberSeries } from '../domain/numbering.js';

/** The item that holds a series' last number of a year (invoices' is COUNTER#<year>/COUNTER). */
const counterKey = (series: NumberSeries, year: number) => ({ pk: `COUNTER#${year}`, sk: series.counter });

export type IssueOutcome = 'issued' | 'already-issued' | 'number-taken';

export interface NumberedDocument {
  series: NumberSeries;
  year: number;
  sequence: number;
  /** The document's item, key included; written only if no item has that key yet. */
  item: { pk: string; sk: string } & Record<string, unknown>;
  /** The event that announces it, kept in the outbox of `item.pk` in the same transaction. */
  event: OrderEvent;
}

/**
 * How a numbered document (an invoice, a credit note) is stored without a gap in its series: the
 * document, its series' counter moved from `sequence - 1` to `sequence`, and its event in the outbox,
 * all in one transaction. Nothing is written when the document exists already ('already-issued'),
 * or when another document took that number first ('number-taken': try the next).
 */
export const createNumberedDocuments = ({ tableName, client }: { tableName: string; client: DynamoDBDocumentClient }) => ({
  /** The last number used in a series in a year, 0 before the first. */
  lastSequence: async (series: NumberSeries, year: number): Promise<number> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: counterKey(series, year), ConsistentRead: true }),
    );
    return (Item?.['sequence'] as number | undefined) ?? 0;
  },
  issue: async ({ series, year, sequence, item, event }: NumberedDocument): Promise<IssueOutcome> => {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: tableName,
                Item: { ...counterKey(series, year), sequence },
                ConditionExpression: sequence === 1 ? 'attribute_not_exists(pk)' : '#sequence = :previous',
                ...(sequence === 1
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#sequence': 'sequence' },
                      ExpressionAttributeValues: { ':previous': sequence - 1 },
                    }),
              },
            },
            outboxEntry(tableName, item.pk, event),
          ],
        }),
      );
      return 'issued';
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
      if ((error as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw error;
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'already-issued';
      // Another document took the number, or is taking it in a transaction of its own: try the next.
      if (reasons[1]?.Code === 'ConditionalCheckFailed' || reasons.some((reason) => reason.Code === 'TransactionConflict'))
        return 'number-taken';
      throw error;
    }
  },
});
