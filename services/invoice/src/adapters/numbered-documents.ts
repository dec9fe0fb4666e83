import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { outboxEntry } from '@ecommerce/outbox';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { DocumentKind, SeriesPlace } from '../domain/numbering.js';

/**
 * The item that holds a series' last number and when it was issued: invoices' series A of 2026 is
 * COUNTER#2026#A/COUNTER. Each series has a partition of its own, so no series' writes share a
 * partition's 1,000 write units a second with another's
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html).
 */
const counterKey = (kind: DocumentKind, year: number, letter: string) => ({ pk: `COUNTER#${year}#${letter}`, sk: kind.counter });

/** A series' last number, 0 before its first, and when that one was issued. */
export interface LastIssued {
  sequence: number;
  issuedAt?: string;
}

/**
 * 'number-taken' says who has it when DynamoDB said so (the counter as the failed condition found it),
 * so that the next try needs no read; undefined when another transaction was under way on it.
 */
export type IssueOutcome = 'issued' | 'already-issued' | { numberTaken: LastIssued | undefined };

export interface NumberedDocument {
  kind: DocumentKind;
  year: number;
  place: SeriesPlace;
  /** When it is issued: stored on the counter, so that the series' next document is not dated earlier. */
  issuedAt: string;
  /** The document's item, key included; written only if no item has that key yet. */
  item: { pk: string; sk: string } & Record<string, unknown>;
  /** The event that announces it, kept in the outbox of `item.pk` in the same transaction. */
  event: OrderEvent;
}

const lastIssuedIn = (item: Record<string, unknown> | undefined): LastIssued => {
  // A cancellation reason's item comes as DynamoDB wrote it ({ N: "12" }): the document client does
  // not translate errors.
  const value = (attribute: unknown) =>
    attribute !== null && typeof attribute === 'object' ? Object.values(attribute as Record<string, unknown>)[0] : attribute;
  const sequence = value(item?.['sequence']);
  const issuedAt = value(item?.['issuedAt']);
  return { sequence: sequence === undefined ? 0 : Number(sequence), ...(typeof issuedAt === 'string' ? { issuedAt } : {}) };
};

/**
 * How a numbered document (an invoice, a credit note) is stored without a gap in its series: the
 * document, its series' counter moved from `sequence - 1` to `sequence`, and its event in the outbox,
 * all in one transaction. Nothing is written when the document exists already ('already-issued'),
 * or when another document took that number first (`numberTaken`: try the next).
 */
export const createNumberedDocuments = ({ tableName, client }: { tableName: string; client: DynamoDBDocumentClient }) => ({
  lastIssued: async (kind: DocumentKind, year: number, letter: string): Promise<LastIssued> => {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: counterKey(kind, year, letter), ConsistentRead: true }),
    );
    return lastIssuedIn(Item);
  },
  issue: async ({ kind, year, place, issuedAt, item, event }: NumberedDocument): Promise<IssueOutcome> => {
    const { letter, sequence } = place;
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: tableName,
                Item: { ...counterKey(kind, year, letter), sequence, issuedAt },
                ConditionExpression: sequence === 1 ? 'attribute_not_exists(pk)' : '#sequence = :previous',
                ...(sequence === 1
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#sequence': 'sequence' },
                      ExpressionAttributeValues: { ':previous': sequence - 1 },
                    }),
                // The loser learns the number that won, and tries the next without reading it.
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            outboxEntry(tableName, item.pk, event),
          ],
        }),
      );
      return 'issued';
    } catch (error) {
      const reasons = (error as { name?: string; CancellationReasons?: Array<{ Code?: string; Item?: Record<string, unknown> }> })
        .CancellationReasons;
      if ((error as { name?: string }).name !== 'TransactionCanceledException' || !reasons) throw error;
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'already-issued';
      if (reasons[1]?.Code === 'ConditionalCheckFailed')
        return { numberTaken: reasons[1].Item ? lastIssuedIn(reasons[1].Item) : undefined };
      // Another transaction is under way on the counter, or on this very document: look again.
      if (reasons.some((reason) => reason.Code === 'TransactionConflict')) return { numberTaken: undefined };
      throw error;
    }
  },
});
