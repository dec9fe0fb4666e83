import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, getItem, isConditionFailure } from '@ecommerce/lambda-kit';
import { summaryOf, type OrderChanges, type OrderCopy } from '../domain/order-summary.js';

/**
 * Email's own copy of what it needs of each order, carried by ORDER_CREATED (or, when another
 * event of the order comes first, read once from orders), so that an email costs no call to orders.
 *
 * Events come at least once and in any order, so every write is idempotent and none goes back in time:
 * - a summary is kept only if there is none yet (a redelivered ORDER_CREATED writes nothing new,
 *   and never overwrites one read from orders later, nor the changes applied to it since);
 * - the parts of an order that may change (`customerEmail`, `deliveryAddress`, and the items with
 *   their money) each remember the time of what they hold, and a change is applied only if it is
 *   later: a change applied twice, or
 *   one that arrives after a later one, leaves the summary as it is. A summary kept from
 *   ORDER_CREATED is as of the event's time; one read from orders is as of the order's `updatedAt`,
 *   which is at or after the time of every change the order holds.
 *
 * The same item holds the leases of the order's emails (email-leases.ts), so that taking one answers the summary.
 */
export interface OrderCopies {
  /** The summary of an order, or undefined while email has none. */
  get(orderId: string): Promise<OrderCopy | undefined>;
  /** Keeps the summary of an order as it was at `asOf`, unless one is kept already; answers the one kept. */
  keep(summary: OrderCopy, asOf: Date, now: Date): Promise<OrderCopy>;
  /** Applies the changes made to an order at `madeAt` to the fields no later change set; answers the summary after. */
  applyChanges(orderId: string, changes: OrderChanges, madeAt: Date): Promise<OrderCopy>;
}

/** As long as the email leases of the order's events, which live on the same item. */
const lifetimeSeconds = 90 * 86_400;
/** The parts that change together, each named by its first field, whose time is kept in `<name>AsOf`. */
const changeable = [['customerEmail'], ['deliveryAddress'], ['items', 'subtotal', 'delivery', 'total']] as const;
export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}` });
const asOfField = (part: (typeof changeable)[number]) => `${part[0]}AsOf`;

export interface StoredCopy extends OrderCopy {
  customerEmailAsOf: number;
  deliveryAddressAsOf: number;
  /** Absent from summaries kept before items could change: as old as the summary, then. */
  itemsAsOf?: number;
  expiresAt: number;
}

/** The summary an order's item holds; undefined while it holds only email leases, or there is none. */
export const summaryIn = (item: Partial<StoredCopy> | undefined): OrderCopy | undefined =>
  item?.orderId === undefined ? undefined : summaryOf(item as StoredCopy);

/**
 * The SET clauses that keep `keep` as an order's summary unless one is kept: every field only if it
 * is absent, and a summary's fields are written together, so one write keeps it whole or not at all.
 * The item is kept 90 days from its first write, whichever write that is.
 */
export const keptSummaryUpdate = (keep: { summary: OrderCopy; asOf: Date } | undefined, now: Date) => {
  const fields: Record<string, unknown> = {
    ...(keep
      ? {
          ...summaryOf(keep.summary),
          customerEmailAsOf: keep.asOf.getTime(),
          deliveryAddressAsOf: keep.asOf.getTime(),
          itemsAsOf: keep.asOf.getTime(),
        }
      : {}),
    expiresAt: Math.floor(now.getTime() / 1000) + lifetimeSeconds,
  } satisfies Partial<StoredCopy>;
  const entries = Object.entries(fields);
  return {
    assignments: entries.map((_, i) => `#k${i} = if_not_exists(#k${i}, :k${i})`).join(', '),
    names: Object.fromEntries(entries.map(([field], i) => [`#k${i}`, field])),
    values: Object.fromEntries(entries.map(([, value], i) => [`:k${i}`, value])),
  };
};

export const createOrderCopies = ({
  tableName,
  client = createDocumentClient(),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): OrderCopies => {
  const get = async (orderId: string) => summaryIn(await getItem<StoredCopy>(client, tableName, orderKey(orderId)));
  const mustGet = async (orderId: string) => {
    const summary = await get(orderId);
    if (!summary) throw new Error(`no summary of order ${orderId}`);
    return summary;
  };
  return {
    get,
    keep: async (summary, asOf, now) => {
      const kept = keptSummaryUpdate({ summary, asOf }, now);
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: orderKey(summary.orderId),
          UpdateExpression: `SET ${kept.assignments}`,
          ExpressionAttributeNames: kept.names,
          ExpressionAttributeValues: kept.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return summaryIn(Attributes)!;
    },
    applyChanges: async (orderId, changes, madeAt) => {
      for (const part of changeable) {
        const fields = part.filter((field) => changes[field] !== undefined);
        if (fields.length === 0) continue;
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: orderKey(orderId),
              UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}, #asOf = :madeAt`,
              ConditionExpression: 'attribute_exists(orderId) AND (attribute_not_exists(#asOf) OR #asOf < :madeAt)',
              ExpressionAttributeNames: {
                ...Object.fromEntries(fields.map((field, i) => [`#f${i}`, field])),
                '#asOf': asOfField(part),
              },
              ExpressionAttributeValues: {
                ...Object.fromEntries(fields.map((field, i) => [`:v${i}`, changes[field]])),
                ':madeAt': madeAt.getTime(),
              },
            }),
          );
        } catch (error) {
          // A later change (or this one, delivered again) is there already.
          if (!isConditionFailure(error)) throw error;
        }
      }
      return mustGet(orderId);
    },
  };
};
