import { DeleteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { observedTask } from '@ecommerce/observability';
import { exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutboxRelay, createOutboxCatchUpHandler, outboxKey, pendingShard } from '../../src/index.js';

const time = '2026-12-07T10:00:00.000Z';
const own = exampleEvent('PAYMENT_CONFIRMED', { id: 'evt-own', orderId: 'order-a', time });
const foreign = exampleEvent('ORDER_CANCELLED', { id: 'evt-forged', orderId: 'order-b', time });

/** A table whose pending index holds `events`, each in its shard, recording every command it is sent. */
const tableHolding = (events: OrderEvent[]) => {
  const commands: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      commands.push(command);
      if (command instanceof QueryCommand) {
        const shard = command.input.ExpressionAttributeValues?.[':shard'];
        return {
          Items: events
            .filter((event) => pendingShard(event.id) === shard)
            .map((event) => ({ ...outboxKey(`PAYMENT#${event.orderId}`, event), event })),
        };
      }
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, commands };
};

describe("billing's relay catching up on an outbox that holds an ORDER_CANCELLED (orders' type)", () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends only its own event, clears the forged one, and counts it in OutboxForeignEventsRefused', async () => {
    // Unit tests run Powertools in its dev mode (the shared vitest config): logs and metrics go through the console.
    const stdout = vi.spyOn(console, 'log').mockImplementation(() => {});
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client, commands } = tableHolding([own, foreign]);
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName: 'billing-test',
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'billing',
    });

    const outcome = await observedTask(createOutboxCatchUpHandler({ relay }))({}, {} as Context);

    expect(outcome).toEqual({ released: 1, failed: 0, refused: 1 });
    expect(sent).toEqual([own]);
    const cleared = commands
      .filter((command) => command instanceof DeleteCommand)
      .map((command) => (command as DeleteCommand).input.Key);
    expect(cleared).toEqual([outboxKey('PAYMENT#order-a', own), outboxKey('PAYMENT#order-b', foreign)]);
    const logged = stderr.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 'ERROR', eventId: 'evt-forged', refusedType: 'ORDER_CANCELLED', orderId: 'order-b' }),
    );
    const metrics = stdout.mock.calls
      .map(([line]) => String(line))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(metrics).toContainEqual(expect.objectContaining({ OutboxForeignEventsRefused: 1, OutboxEventsRelayed: 1 }));
  });

  it("refuses billing's own type in an envelope that names another source", async () => {
    const disguised = { ...own, id: 'evt-disguised', source: 'shipment' } as unknown as OrderEvent;
    const { client } = tableHolding([disguised]);
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName: 'billing-test',
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'billing',
    });

    expect(await relay.catchUp(0)).toEqual({ released: 0, failed: 0, refused: 1 });
    expect(sent).toEqual([]);
  });

  it('refuses an event of an unknown type too, rather than publishing what no consumer knows', async () => {
    const unknown = { ...own, id: 'evt-unknown', type: 'MONEY_SENT' } as unknown as OrderEvent;
    const { client } = tableHolding([unknown]);
    const sent: OrderEvent[] = [];
    const relay = createOutboxRelay({
      tableName: 'billing-test',
      client,
      sender: { send: async (event) => void sent.push(event) },
      owner: 'billing',
    });

    expect(await relay.release('PAYMENT#order-a', unknown)).toBe(true);
    expect(sent).toEqual([]);
  });
});
