import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutboxRelay, outboxEntry } from '../src/index.js';

// Any table with string keys pk and sk does; the orders table of the local cloud is one.
const tableName = 'orders-local';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const stored = async () => {
  const partition = `TEST#${randomUUID()}`;
  const event = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });
  await client.send(new TransactWriteCommand({ TransactItems: [outboxEntry(tableName, partition, event)] }));
  return { partition, event };
};

describe('the outbox on DynamoDB Local', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps an event until it is released, then sends it once and clears it', async () => {
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({ tableName, client, sender: { send: async (event) => void sent.push(event) } });
    const { partition, event } = await stored();

    expect(await relay.pending(partition)).toEqual([event]);
    expect(await relay.release(partition, event)).toBe(true);

    expect(sent).toEqual([event]);
    expect(await relay.pending(partition)).toEqual([]);
  });

  it('keeps the event when it cannot be sent, and says so in the log', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async () => Promise.reject(new Error('SNS is down')) },
    });
    const { partition, event } = await stored();

    expect(await relay.release(partition, event)).toBe(false);

    expect(await relay.pending(partition)).toEqual([event]);
    expect(JSON.parse(logged.mock.calls[0]![0] as string)).toMatchObject({
      message: 'ORDER_CREATED left in the outbox',
      eventId: event.id,
      cause: 'SNS is down',
    });
  });
});
