import { marshall } from '@aws-sdk/util-dynamodb';
import { exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createOutboxStreamHandler, outboxKey } from '../../src/index.js';

const event = (orderId: string, nth = 1) => exampleEvent('ORDER_CREATED', { id: `evt-${orderId}-${nth}`, orderId });

let sequence = 0;
const record = (eventName: DynamoDBRecord['eventName'], item: Record<string, unknown>): DynamoDBRecord => {
  sequence += 1;
  return {
    eventID: `record-${sequence}`,
    eventName,
    dynamodb: {
      SequenceNumber: String(sequence),
      Keys: marshall({ pk: item['pk'], sk: item['sk'] }) as never,
      ...(eventName === 'REMOVE' ? {} : { NewImage: marshall(item, { removeUndefinedValues: true }) as never }),
    },
  };
};
const entryInserted = (orderId: string, nth = 1) =>
  record('INSERT', {
    ...outboxKey(`ORDER#${orderId}`, event(orderId, nth)),
    event: event(orderId, nth),
    outboxStatus: 'PENDING',
  });

/**
 * A relay that sends what it is given, except the events named in `failing`; an event named in
 * `held` is sent only once the test lets it go (`release(id)`), and `log` tells when each began and ended.
 */
const recordingRelay = (failing: string[] = [], held: string[] = []) => {
  const sent: Array<{ partitionKey: string; event: OrderEvent }> = [];
  const log: string[] = [];
  const gates = new Map(held.map((id) => [id, Promise.withResolvers<void>()]));
  return {
    sent,
    log,
    letGo: (id: string) => gates.get(id)!.resolve(),
    relay: {
      release: async (partitionKey: string, released: OrderEvent) => {
        log.push(`begin ${released.id}`);
        await gates.get(released.id)?.promise;
        log.push(`end ${released.id}`);
        if (failing.includes(released.id)) return false;
        sent.push({ partitionKey, event: released });
        return true;
      },
    },
  };
};

/** Until every promise queued so far has run: what can go on while an event is held has gone on. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("the outbox's stream relay", () => {
  it('sends each inserted outbox entry, in the order of the stream, to be cleared by the relay', async () => {
    const { sent, relay } = recordingRelay();

    const answer = await createOutboxStreamHandler({ relay })({ Records: [entryInserted('a'), entryInserted('b')] });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([
      { partitionKey: 'ORDER#a', event: event('a') },
      { partitionKey: 'ORDER#b', event: event('b') },
    ]);
  });

  it("skips what is not an entry's insert: its removal once sent, a change of an order, an entry modified", async () => {
    const { sent, relay } = recordingRelay();
    const removed = record('REMOVE', outboxKey('ORDER#a', event('a')));
    const order = record('INSERT', { pk: 'ORDER#a', sk: 'ORDER', status: 'ORDER_CREATED' });
    const modified = { ...entryInserted('c'), eventName: 'MODIFY' as const };

    const answer = await createOutboxStreamHandler({ relay })({ Records: [removed, order, modified] });

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sent).toEqual([]);
  });

  it("sends the events of one order one after another, in the stream's order, and orders side by side", async () => {
    const { log, letGo, relay } = recordingRelay([], ['evt-a-1']);
    const handling = createOutboxStreamHandler({ relay })({
      Records: [entryInserted('a', 1), entryInserted('a', 2), entryInserted('b', 1)],
    });

    await settled();
    // Order a's first event is held: b's went meanwhile, a's second waits for its first.
    expect(log).toEqual(['begin evt-a-1', 'begin evt-b-1', 'end evt-b-1']);
    letGo('evt-a-1');
    expect(await handling).toEqual({ batchItemFailures: [] });
    expect(log.slice(3)).toEqual(['end evt-a-1', 'begin evt-a-2', 'end evt-a-2']);
  });

  it('sends no more than `concurrency` orders at once', async () => {
    const { log, letGo, relay } = recordingRelay([], ['evt-a-1', 'evt-b-1']);
    const handling = createOutboxStreamHandler({ relay, concurrency: 2 })({
      Records: [entryInserted('a'), entryInserted('b'), entryInserted('c')],
    });

    await settled();
    expect(log).toEqual(['begin evt-a-1', 'begin evt-b-1']);
    letGo('evt-a-1');
    letGo('evt-b-1');
    await handling;
    expect(log).toContain('end evt-c-1');
  });

  it('reports the first entry it cannot send, and sends nothing after it of its order, so that a retry keeps their order', async () => {
    const { sent, relay } = recordingRelay(['evt-b-1']);
    const records = [entryInserted('a'), entryInserted('b', 1), entryInserted('b', 2), entryInserted('c')];

    const answer = await createOutboxStreamHandler({ relay })({ Records: records });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }] });
    expect(sent.map((entry) => entry.event.id)).not.toContain('evt-b-2');
    expect(sent.map((entry) => entry.event.id)).toContain('evt-a-1');
  });

  it('starts no entry that comes after a failed one in the batch, whatever its order', async () => {
    const { sent, relay } = recordingRelay(['evt-b-1']);
    const records = [entryInserted('a'), entryInserted('b'), entryInserted('c')];

    const answer = await createOutboxStreamHandler({ relay, concurrency: 1 })({ Records: records });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }] });
    expect(sent.map((entry) => entry.event.id)).toEqual(['evt-a-1']);
  });
});
