import type { Context, SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventTypes, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import type { EventJournal } from '../../src/adapters/event-journal.js';
import { createHandler } from '../../src/functions/record-event/make-handler.js';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:order-events-local';

const deliver = (event: object, type: string): SNSEvent =>
  ({
    Records: [
      {
        Sns: {
          MessageId: 'm-1',
          TopicArn: topicArn,
          Message: JSON.stringify(event),
          MessageAttributes: { type: { Type: 'String', Value: type } },
        },
      },
    ],
  }) as unknown as SNSEvent;

describe('recordEvent', () => {
  beforeEach(() => {
    vi.stubEnv('EVENT_JOURNAL_TABLE', 'event-journal-test');
    vi.stubEnv('ORDER_EVENTS_TOPIC_ARN', topicArn);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('records every event type of the contract', async () => {
    const recorded: OrderEvent[] = [];
    const journal: EventJournal = { record: async (event) => void recorded.push(event), list: async () => [] };
    const handler = createHandler(journal);

    for (const type of eventTypes) await handler(deliver(exampleEvent(type), type), {} as Context);

    expect(recorded.map((event) => event.type)).toEqual(eventTypes);
  });

  it('refuses to start without its table name', async () => {
    vi.stubEnv('EVENT_JOURNAL_TABLE', '');

    // The one import of the wiring in this file, so that it reads the environment stubbed here.
    await expect(import('../../src/functions/record-event/handler.js')).rejects.toThrow(
      'missing environment variable: EVENT_JOURNAL_TABLE',
    );
  });
});
