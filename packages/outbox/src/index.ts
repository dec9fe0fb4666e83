import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent } from '@ecommerce/shared-events';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Outbox entries live in the table of the change they announce, beside it: same partition key,
 * sort key `OUTBOX#<event id>`. Tables that use it have string keys named `pk` and `sk`.
 */
export const outboxKey = (partitionKey: string, event: Pick<OrderEvent, 'id'>) => ({
  pk: partitionKey,
  sk: `OUTBOX#${event.id}`,
});

export interface EventSender {
  send(event: OrderEvent): Promise<void>;
}

/** The write that puts `event` in the outbox, to go in the same transaction as the change it announces. */
export const outboxEntry = (tableName: string, partitionKey: string, event: OrderEvent): TransactItem => ({
  Put: { TableName: tableName, Item: { ...outboxKey(partitionKey, event), event, createdAt: event.time } },
});

export interface OutboxRelay {
  /**
   * Sends the event, then clears it from the outbox. A failure is logged, not thrown: the change
   * is already stored, and its event stays in the outbox to be sent again.
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
}

export const createOutboxRelay = ({
  tableName,
  client,
  sender,
}: {
  tableName: string;
  client: DynamoDBDocumentClient;
  sender: EventSender;
}): OutboxRelay => {
  const relay: OutboxRelay = {
    release: async (partitionKey, event) => {
      try {
        await sender.send(event);
        await client.send(new DeleteCommand({ TableName: tableName, Key: outboxKey(partitionKey, event) }));
        return true;
      } catch (error) {
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: `${event.type} left in the outbox`,
            eventId: event.id,
            orderId: event.orderId,
            cause: (error as Error).message,
          }),
        );
        return false;
      }
    },
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
    flush: async (partitionKey) => {
      for (const event of await relay.pending(partitionKey)) {
        if (!(await relay.release(partitionKey, event)))
          throw new Error(`${event.type} ${event.id} of order ${event.orderId} could not be sent`);
      }
    },
  };
  return relay;
};
