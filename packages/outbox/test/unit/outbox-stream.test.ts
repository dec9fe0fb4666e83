import { marshall } from '@aws-sdk/util-dynamodb';
import { exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createOutboxStreamHandler, outboxKey } from '../../src/index.js';

const event = (orderId: string) => exampleEvent('ORDER_CREATED', { id: `evt-${orderId}`, orderId });

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
const entryInserted = (orderId: string) =>
  record('INSERT', { ...outboxKey(`ORDER#${orderId}`, event(orderId)), event: event(orderId), outboxStatus: 'PENDING' });

/** A relay that sends what it is given, except the events of the orders named in `failing`. */
const recordingRelay = (failing: string[] = []) => {
  const sent: Array<{ partitionKey: string; event: OrderEvent }> = [];
  return {
    sent,
    relay: {
      release: async (partitionKey: string, released: OrderEvent) => {
        if (failing.includes(released.orderId)) return false;
        sent.push({ partitionKey, event: released });
        return true;
      },
    },
  };
};

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

  it('reports the first entry it cannot send, and sends none after it, so that a retry keeps their order', async () => {
    const { sent, relay } = recordingRelay(['b']);
    const records = [entryInserted('a'), entryInserted('b'), entryInserted('c')];

    const answer = await createOutboxStreamHandler({ relay })({ Records: records });

    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }] });
    expect(sent.map((entry) => entry.event.orderId)).toEqual(['a']);
  });
});
