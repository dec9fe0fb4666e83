import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { allPendingShards, createOutboxRelay, outboxEntry, pendingIndex, pendingShard } from '../src/index.js';

// A table of this test's own, shaped as every table with an outbox is: what it leaves behind must
// not reach the relays of the running services.
const tableName = `outbox-test-${randomUUID()}`;
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

beforeAll(async () => {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk', 'outboxStatus', 'createdAt'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: pendingIndex,
          KeySchema: [
            { AttributeName: 'outboxStatus', KeyType: 'HASH' },
            { AttributeName: 'createdAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
});
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
});

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
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const { partition, event } = await stored();

    expect(await relay.pending(partition)).toEqual([event]);
    expect(await relay.release(partition, event)).toBe(true);

    expect(sent).toEqual([event]);
    expect(await relay.pending(partition)).toEqual([]);
  });

  it('settles a first delivery by sending the event it stored, without reading the partition', async () => {
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const { partition, event } = await stored();
    const calls = vi.spyOn(client, 'send');

    await relay.settle(partition, event);

    expect(sent).toEqual([event]);
    expect(calls.mock.calls.map(([command]) => command.constructor.name)).toEqual(['DeleteCommand']);
    calls.mockRestore();
    expect(await relay.pending(partition)).toEqual([]);
  });

  it('settles a redelivery, which stored nothing, by sending what an earlier delivery left waiting', async () => {
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const { partition, event } = await stored();

    await relay.settle(partition, undefined);

    expect(sent).toEqual([event]);
    expect(await relay.pending(partition)).toEqual([]);
  });

  it('fails the delivery when the event it stored cannot be sent, and keeps the event', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async () => Promise.reject(new Error('SNS is down')) },
      owner: 'orders',
    });
    const { partition, event } = await stored();

    await expect(relay.settle(partition, event)).rejects.toThrow(
      `ORDER_CREATED ${event.id} of order ${event.orderId} could not be sent`,
    );

    expect(await relay.pending(partition)).toEqual([event]);
  });

  it('keeps the event when it cannot be sent, and says so in the log', async () => {
    const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async () => Promise.reject(new Error('SNS is down')) },
      owner: 'orders',
    });
    const { partition, event } = await stored();

    expect(await relay.release(partition, event)).toBe(false);

    expect(await relay.pending(partition)).toEqual([event]);
    expect(JSON.parse(String(logged.mock.calls[0]![0]))).toMatchObject({
      message: 'ORDER_CREATED left in the outbox',
      eventId: event.id,
      cause: 'SNS is down',
    });
  });
});

describe('the outbox catch-up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends what has waited longer than the grace period, and leaves what is younger to its writer', async () => {
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const old = await stored();
    const young = await stored();
    const now = new Date(Date.parse(old.event.time) + 60_000);
    // Each entry is dated by its event: make the young one a minute younger than `now`.
    await relay.release(young.partition, young.event);
    const fresh = { ...young.event, id: randomUUID(), time: now.toISOString() };
    await client.send(new TransactWriteCommand({ TransactItems: [outboxEntry(tableName, young.partition, fresh)] }));

    await relay.catchUp(30_000, now);

    expect(sent.map((event) => event.id)).toContain(old.event.id);
    expect(sent.map((event) => event.id)).not.toContain(fresh.id);
    expect(await relay.pending(old.partition)).toEqual([]);
    expect(await relay.pending(young.partition)).toEqual([fresh]);
  });

  it('reads every shard of the index: an old entry in each of them is sent', async () => {
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    // Events whose ids fall in each shard, and one stored as entries were before the index was sharded.
    const byShard = new Map<string, { partition: string; event: OrderEvent }>();
    while (byShard.size < allPendingShards.length - 1) {
      const entry = await stored();
      byShard.set(pendingShard(entry.event.id), entry);
    }
    const unsharded = { partition: `TEST#${randomUUID()}`, event: exampleEvent('ORDER_CREATED', { id: randomUUID() }) };
    const { Put } = outboxEntry(tableName, unsharded.partition, unsharded.event) as { Put: { Item: Record<string, unknown> } };
    await client.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: tableName, Item: { ...Put.Item, outboxStatus: 'PENDING' } } }],
      }),
    );
    const entries = [...byShard.values(), unsharded];
    const now = new Date(Math.max(...entries.map(({ event }) => Date.parse(event.time))) + 60_000);

    await relay.catchUp(30_000, now);

    // Entries other tests of this table left waiting are swept too.
    expect(sent.map((event) => event.id)).toEqual(expect.arrayContaining(entries.map(({ event }) => event.id)));
    for (const { partition } of entries) expect(await relay.pending(partition)).toEqual([]);
  });
});

describe('a relay, given events its service does not own in its outbox (someone who may write the table put them there)', () => {
  afterEach(() => vi.restoreAllMocks());

  const storedForeign = async (event: OrderEvent) => {
    const partition = `TEST#${randomUUID()}`;
    await client.send(new TransactWriteCommand({ TransactItems: [outboxEntry(tableName, partition, event)] }));
    return partition;
  };

  it('publishes none of them, clears them, says so in the log and counts them; its own it still sends', async () => {
    const output = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const logged = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const time = new Date(Date.now() - 60_000).toISOString();
    // Another service's type; and orders' own type in an envelope that names another source.
    const refund = exampleEvent('PAYMENT_REFUNDED', { id: randomUUID(), orderId: randomUUID(), time });
    const disguised = {
      ...exampleEvent('ORDER_CANCELLED', { id: randomUUID(), orderId: randomUUID(), time }),
      source: 'billing',
    } as unknown as OrderEvent;
    const foreignPartitions = [await storedForeign(refund), await storedForeign(disguised)];
    const own = await stored();

    const outcome = await relay.catchUp(30_000);

    expect(sent.map(({ id }) => id)).toContain(own.event.id);
    expect(sent.map(({ id }) => id)).not.toContain(refund.id);
    expect(sent.map(({ id }) => id)).not.toContain(disguised.id);
    expect(outcome.refused).toBeGreaterThanOrEqual(2);
    for (const partition of foreignPartitions) expect(await relay.pending(partition)).toEqual([]);
    const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'refused an event orders does not own, found in its outbox',
        eventId: refund.id,
        refusedType: 'PAYMENT_REFUNDED',
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ eventId: disguised.id, refusedType: 'ORDER_CANCELLED', refusedSource: 'billing' }),
    );
    output.mockRestore();
  });

  it('settles a redelivery without publishing what another service would own', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName,
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'orders',
    });
    const refund = exampleEvent('PAYMENT_REFUNDED', { id: randomUUID(), orderId: randomUUID() });
    const partition = await storedForeign(refund);

    await relay.settle(partition, undefined);

    expect(sent).toEqual([]);
    expect(await relay.pending(partition)).toEqual([]);
  });
});
