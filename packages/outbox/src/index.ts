import { createHash } from 'node:crypto';
import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient as DocumentClient } from '@aws-sdk/lib-dynamodb';
import { readEnvironment } from '@ecommerce/lambda-kit';
import { count, logger, observed, observedTask } from '@ecommerce/observability';
import middy from '@middy/core';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { createEventSender, eventCatalog, type EventSender, type EventSource, type OrderEvent } from '@ecommerce/shared-events';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Outbox entries live in the table of the change they announce, beside it: same partition key,
 * sort key `OUTBOX#<event id>`. Tables that use it have string keys named `pk` and `sk`.
 */
export const outboxKey = (partitionKey: string, event: Pick<OrderEvent, 'id'>) => ({
  pk: partitionKey,
  sk: `OUTBOX#${event.id}`,
});

export type { EventSender };

/**
 * Every table with an outbox has this sparse index of the entries still waiting: an entry is in it
 * from the moment it is written until it is cleared, so the catch-up finds what a crash left behind.
 */
export const pendingIndex = 'OutboxPending';

/**
 * The index's partitions: an entry goes under `PENDING#00` to `PENDING#15` by its event's id, so
 * that no index partition takes more than a sixteenth of the entries' puts and deletes. One
 * partition takes at most 1,000 write units a second
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html),
 * and an index that cannot keep up throttles the writes of its table
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations):
 * under one value, 2-4 write units an order would have stopped every writer at 250-500 orders a second.
 */
export const pendingShards = 16;
export const pendingShard = (eventId: string): string =>
  `PENDING#${String(createHash('sha256').update(eventId).digest()[0]! % pendingShards).padStart(2, '0')}`;
/**
 * Every partition of the index, each of which the catch-up reads, and `PENDING`, the one value of every
 * entry written before the index was sharded: one a crash left there is still swept.
 */
export const allPendingShards: readonly string[] = [
  ...Array.from({ length: pendingShards }, (_, shard) => `PENDING#${String(shard).padStart(2, '0')}`),
  'PENDING',
];

/** The write that puts `event` in the outbox, to go in the same transaction as the change it announces. */
export const outboxEntry = (tableName: string, partitionKey: string, event: OrderEvent): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...outboxKey(partitionKey, event), event, outboxStatus: pendingShard(event.id), createdAt: event.time },
  },
});

export interface OutboxRelay {
  /**
   * Sends the event, then clears it from the outbox. A failure is logged, not thrown: the change
   * is already stored, and its event stays in the outbox to be sent again. An event its service
   * does not own is refused instead (see createOutboxRelay): true, as nothing is left to send.
   */
  release(partitionKey: string, event: OrderEvent): Promise<boolean>;
  /** The events of a partition still waiting to be sent, oldest first. */
  pending(partitionKey: string): Promise<OrderEvent[]>;
  /**
   * Sends every event still waiting in a partition, whoever stored it: a redelivered event thus
   * finishes what an earlier, interrupted delivery began. Throws if one cannot be sent, so the
   * delivery fails and is retried.
   */
  flush(partitionKey: string): Promise<void>;
  /**
   * What a delivery does last: sends the event it stored itself, or, when it stored none (it was a
   * redelivery), whatever an earlier delivery left waiting in the partition. Knowing the event saves
   * the partition's read on every first delivery; an entry another writer left there is that
   * writer's to send, or the catch-up's. Throws if an event cannot be sent, so the delivery is retried.
   */
  settle(partitionKey: string, stored: OrderEvent | undefined): Promise<void>;
  /**
   * Sends every event of the whole table that has waited longer than `olderThanMs`: the ones whose
   * writer died between its commit and its publish. Returns how many it sent, how many stay, and
   * how many it refused.
   */
  catchUp(olderThanMs: number, now?: Date): Promise<CatchUpOutcome>;
}

export interface CatchUpOutcome {
  released: number;
  failed: number;
  refused: number;
}

/** Whether `owner` may publish `event`: the type is its own in the contract, and the envelope says so. */
const ownedBy = (owner: EventSource, event: OrderEvent): boolean =>
  Object.hasOwn(eventCatalog, event.type) && eventCatalog[event.type].source === owner && event.source === owner;

/**
 * The relay of `owner`'s outbox in `tableName`. It publishes only the event types `owner` owns
 * (their `source` in the contract): anyone who may write the table (PutItem on an `OUTBOX#` item)
 * could otherwise publish any event in the service's name, such as a refund's reason. Anything else
 * found there is refused: logged, counted (OutboxForeignEventsRefused, which an alarm watches) and
 * cleared, so that it is neither published nor tried again every minute.
 */
export const createOutboxRelay = ({
  tableName,
  client,
  sender,
  owner,
}: {
  tableName: string;
  client: DynamoDBDocumentClient;
  sender: EventSender;
  owner: EventSource;
}): OutboxRelay => {
  const clear = (partitionKey: string, event: OrderEvent) =>
    client.send(new DeleteCommand({ TableName: tableName, Key: outboxKey(partitionKey, event) }));
  const releaseEntry = async (partitionKey: string, event: OrderEvent): Promise<'sent' | 'refused' | 'failed'> => {
    try {
      if (!ownedBy(owner, event)) {
        logger.error(`refused an event ${owner} does not own, found in its outbox`, {
          partitionKey,
          eventId: event.id,
          orderId: event.orderId,
          refusedType: event.type,
          refusedSource: event.source,
        });
        count('OutboxForeignEventsRefused');
        await clear(partitionKey, event);
        return 'refused';
      }
      await sender.send(event);
      await clear(partitionKey, event);
      return 'sent';
    } catch (error) {
      logger.warn(`${event.type} left in the outbox`, {
        eventId: event.id,
        orderId: event.orderId,
        cause: (error as Error).message,
      });
      return 'failed';
    }
  };
  const releaseOrThrow = async (partitionKey: string, event: OrderEvent) => {
    if (!(await relay.release(partitionKey, event)))
      throw new Error(`${event.type} ${event.id} of order ${event.orderId} could not be sent`);
  };
  const relay: OutboxRelay = {
    release: async (partitionKey, event) => (await releaseEntry(partitionKey, event)) !== 'failed',
    pending: async (partitionKey) => {
      const { Items } = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
          ExpressionAttributeValues: { ':pk': partitionKey, ':outbox': 'OUTBOX#' },
          ConsistentRead: true,
        }),
      );
      return (Items ?? []).map((item) => item['event'] as OrderEvent).sort((a, b) => a.time.localeCompare(b.time));
    },
    catchUp: async (olderThanMs, now = new Date()) => {
      const cutoff = new Date(now.getTime() - olderThanMs).toISOString();
      const outcome: CatchUpOutcome = { released: 0, failed: 0, refused: 0 };
      // Every shard, one after another: a catch-up finds little, and a shard's order is its entries' age.
      for (const shard of allPendingShards) {
        let ExclusiveStartKey: Record<string, unknown> | undefined;
        do {
          const page = await client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: pendingIndex,
              KeyConditionExpression: 'outboxStatus = :shard AND createdAt < :cutoff',
              ExpressionAttributeValues: { ':shard': shard, ':cutoff': cutoff },
              ExclusiveStartKey,
            }),
          );
          for (const item of page.Items ?? []) {
            const released = await releaseEntry(item['pk'] as string, item['event'] as OrderEvent);
            outcome[released === 'sent' ? 'released' : released] += 1;
          }
          ExclusiveStartKey = page.LastEvaluatedKey;
        } while (ExclusiveStartKey);
      }
      return outcome;
    },
    flush: async (partitionKey) => {
      for (const event of await relay.pending(partitionKey)) await releaseOrThrow(partitionKey, event);
    },
    settle: async (partitionKey, stored) => {
      if (stored) await releaseOrThrow(partitionKey, stored);
      else await relay.flush(partitionKey);
    },
  };
  return relay;
};

/**
 * The scheduled function every service with an outbox runs: it sends what its writers could not,
 * a minute late at worst. Events keep their ids, so a consumer that already has one ignores it.
 */
export const createOutboxCatchUpHandler =
  ({ relay, olderThanMs = 30_000 }: { relay: OutboxRelay; olderThanMs?: number }) =>
  async (): Promise<CatchUpOutcome> => {
    const outcome = await relay.catchUp(olderThanMs);
    if (outcome.released + outcome.failed + outcome.refused > 0) logger.info('outbox swept', { ...outcome });
    // Anything the relay had to send means a writer crashed or SNS failed after a commit: operators' alarms watch it.
    if (outcome.released > 0) count('OutboxEventsRelayed', outcome.released);
    if (outcome.failed > 0) throw new Error(`${outcome.failed} events are still waiting in the outbox`);
    return outcome;
  };

/**
 * The whole relay function of a service: `export const main = outboxCatchUpFunction('ORDERS_TABLE', 'orders')`.
 * Its events were checked when they were built, before they were stored, so it sends them as they are.
 */
export const outboxCatchUpFunction = <const T extends string>(tableVariable: T, owner: EventSource) => {
  const env = readEnvironment([tableVariable, 'ORDER_EVENTS_TOPIC_ARN']);
  const sender = createEventSender({ topicArn: env.ORDER_EVENTS_TOPIC_ARN });
  const client = DocumentClient.from(new DynamoDBClient({}));
  const catchUp = createOutboxCatchUpHandler({
    relay: createOutboxRelay({ tableName: env[tableVariable], client, sender, owner }),
  });
  return observedTask(() => catchUp());
};

/** The outbox entry a stream record announces: the insert of an `OUTBOX#` item, nothing else. */
const insertedEntry = (record: DynamoDBRecord): { partitionKey: string; event: OrderEvent } | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = unmarshall(image as Parameters<typeof unmarshall>[0]);
  if (typeof item['sk'] !== 'string' || !item['sk'].startsWith('OUTBOX#') || !item['event']) return undefined;
  return { partitionKey: item['pk'] as string, event: item['event'] as OrderEvent };
};

/**
 * The relay of a table whose stream carries its outbox: each entry is sent as soon as its
 * transaction commits, so the writer answers without waiting for SNS, and nothing is lost if it dies
 * right after its commit. The entries of one partition (one order) go one after another, in the
 * order the stream holds them; partitions go side by side, `concurrency` at a time, since no order
 * waits for another's events. A batch of 100 entries of 100 orders so takes about as long as its
 * slowest partition, not the sum of 100 publishes.
 *
 * Lambda's own ParallelizationFactor would not do: it keeps order per item (partition and sort
 * key), and each event of an order is an item of its own (OUTBOX#<time>#<id>), so two events of one
 * order could be sent out of order (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html,
 * "Concurrent reads of a shard in DynamoDB Streams").
 *
 * At the first entry that cannot be sent, its partition stops, and no entry after it in the batch
 * starts; the batch reports it, and Lambda retries from there (ReportBatchItemFailures), so no entry
 * of that order goes ahead of it. An entry of another order that came after it in the batch and was
 * already sent goes again with the retry: consumers take an event once by its id. Records that are
 * not an entry's insert (its removal once sent, the changes themselves) are skipped: the event
 * source's filter keeps them out on AWS.
 */
export const createOutboxStreamHandler =
  ({ relay, concurrency = 10 }: { relay: Pick<OutboxRelay, 'release'>; concurrency?: number }) =>
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const partitions = new Map<string, Array<{ position: number; entry: { partitionKey: string; event: OrderEvent } }>>();
    event.Records.forEach((record, position) => {
      const entry = insertedEntry(record);
      if (!entry) return;
      const partition = partitions.get(entry.partitionKey) ?? [];
      partition.push({ position, entry });
      partitions.set(entry.partitionKey, partition);
    });
    const waiting = [...partitions.values()];
    let firstFailure: number | undefined;
    const sendPartitions = async () => {
      for (let partition = waiting.shift(); partition; partition = waiting.shift()) {
        for (const { position, entry } of partition) {
          if (firstFailure !== undefined && position > firstFailure) break;
          if (!(await relay.release(entry.partitionKey, entry.event))) {
            firstFailure = Math.min(firstFailure ?? position, position);
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, waiting.length) }, sendPartitions));
    if (firstFailure === undefined) return { batchItemFailures: [] };
    const failed = event.Records[firstFailure]!;
    return { batchItemFailures: [{ itemIdentifier: failed.dynamodb?.SequenceNumber ?? failed.eventID ?? '' }] };
  };

/** The whole stream relay function of a service: `export const main = outboxStreamFunction('ORDERS_TABLE', 'orders')`. */
export const outboxStreamFunction = <const T extends string>(tableVariable: T, owner: EventSource) => {
  const env = readEnvironment([tableVariable, 'ORDER_EVENTS_TOPIC_ARN']);
  const sender = createEventSender({ topicArn: env.ORDER_EVENTS_TOPIC_ARN });
  const client = DocumentClient.from(new DynamoDBClient({}));
  const relay = createOutboxRelay({ tableName: env[tableVariable], client, sender, owner });
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(observed<DynamoDBStreamEvent, DynamoDBBatchResponse>())
    .handler(createOutboxStreamHandler({ relay }));
};
