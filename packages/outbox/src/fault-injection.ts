import { DeleteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createEventPublisher,
  eventCatalog,
  type EventPublisher,
  type EventSource,
  type OrderEvent,
} from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createOutboxRelay, type EventSender, type OutboxRelay } from './index.js';

/**
 * Where a writer's process may die on its way from a change to its announcement, for the
 * fault-injection tests of every service that writes and then emits.
 */
export const crashPoints = ['before the commit', 'after the commit', 'after the publish', 'nowhere'] as const;
export type CrashPoint = (typeof crashPoints)[number];

export class InjectedCrash extends Error {
  override readonly name = 'InjectedCrash';
}

/**
 * A DynamoDB client and an event sender that behave as the real ones until the process "dies" at
 * `at`: the transaction that stores the change is refused, or goes through and the process dies
 * right after, or the event is published and the process dies before clearing it.
 */
export const crashingAt = (at: CrashPoint, client: DynamoDBDocumentClient, sender: EventSender) => {
  let crashed = false;
  const crash = () => {
    crashed = true;
    throw new InjectedCrash(`the process died ${at}`);
  };
  const faultyClient = new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        if (crashed) crash();
        if (command instanceof TransactWriteCommand && at === 'before the commit') crash();
        // Clearing the outbox is the step after the publish: dying there leaves the entry behind.
        if (command instanceof DeleteCommand && at === 'after the publish') crash();
        const result = await target.send(command as never);
        if (command instanceof TransactWriteCommand && at === 'after the commit') crash();
        return result;
      };
    },
  });
  const faultySender: EventSender = {
    send: async (event: OrderEvent) => {
      if (crashed) crash();
      await sender.send(event);
    },
  };
  return { client: faultyClient, sender: faultySender };
};

/** Counts, for a set of runs, the changes stored without their event ever published, and the reverse. */
export const dualWriteOutcome = (runs: Array<{ stored: boolean; published: number }>) => ({
  runs: runs.length,
  stored: runs.filter((run) => run.stored).length,
  lostEvents: runs.filter((run) => run.stored && run.published === 0).length,
  phantomEvents: runs.filter((run) => !run.stored && run.published > 0).length,
  publishedTwice: runs.filter((run) => run.published > 1).length,
});

/** What a writer under test is given: its DynamoDB client, outbox and publisher, each dying where asked. */
export interface FaultyWriter {
  client: DynamoDBDocumentClient;
  outbox: OutboxRelay;
  publisher: <S extends EventSource>(source: S) => EventPublisher<S>;
}

export interface DualWriteScenario<I extends { orderId: string }> {
  tableName: string;
  client: DynamoDBDocumentClient;
  crashPoint: CrashPoint;
  runs: number;
  /** A fresh input for one run: the event the writer reacts to, or the request it serves. */
  input: () => I;
  /** The writer at work, with its storage and publishing crashing where asked. */
  act: (input: I, faulty: FaultyWriter) => Promise<unknown>;
  /** Whether the change of a run is stored. */
  isStored: (input: I) => Promise<boolean>;
  /** The type of the event that announces the change. */
  announcedBy: OrderEvent['type'];
  /**
   * Who sends the event once it is stored: the writer itself, right after its commit (the default),
   * or the relay reading the table's stream, so that the writer never publishes at all.
   */
  sentBy?: 'the writer' | 'the stream relay';
}

/**
 * Runs a writer `runs` times with its process dying at `crashPoint`, then catches the outbox up as
 * the relay does a minute later, and counts what was stored without being announced and the reverse.
 */
export const measureDualWrites = async <I extends { orderId: string }>(scenario: DualWriteScenario<I>) => {
  const published: OrderEvent[] = [];
  const recorder: EventSender = { send: async (event) => void published.push(event) };
  const inputs = Array.from({ length: scenario.runs }, scenario.input);
  const owner = eventCatalog[scenario.announcedBy].source;
  for (const input of inputs) {
    const faulty = crashingAt(scenario.crashPoint, scenario.client, recorder);
    const writer: FaultyWriter = {
      client: faulty.client,
      outbox: createOutboxRelay({ tableName: scenario.tableName, client: faulty.client, sender: faulty.sender, owner }),
      // Writers only build their events with it: the outbox sends them.
      publisher: (source) =>
        createEventPublisher({
          source,
          validators: eventValidators,
          topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
          sns: recorder as never,
        }),
    };
    await scenario.act(input, writer).catch(() => undefined);
  }
  await createOutboxRelay({ tableName: scenario.tableName, client: scenario.client, sender: recorder, owner }).catchUp(0);
  return dualWriteOutcome(
    await Promise.all(
      inputs.map(async (input) => ({
        stored: await scenario.isStored(input),
        published: published.filter((event) => event.orderId === input.orderId && event.type === scenario.announcedBy).length,
      })),
    ),
  );
};
