import { randomUUID } from 'node:crypto';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { orderEventsTopicArn } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { createEventPublisher, type OrderEvent } from '../src/index.js';
import { exampleData, exampleEvent } from '../src/examples.js';
import * as eventValidators from '../src/generated/event-validators.js';

// The event journal (tools/event-journal) is a subscriber function in its own serverless-offline
// process: it receives every event from the SNS hub through the typed subscriber and records it.
// The events here are about orders that do not exist; ORDER_MODIFIED is the type with the fewest
// other consumers (only email, which fails to find the order and leaves it at that).
const journalUrl = 'http://127.0.0.1:3090/events';
const journalLambda = new LambdaClient({ endpoint: 'http://127.0.0.1:3190' });

const journalOf = async (orderId: string): Promise<OrderEvent[]> => {
  const response = await fetch(`${journalUrl}?orderId=${encodeURIComponent(orderId)}`);
  if (!response.ok) throw new Error(`journal answered ${response.status}`);
  return ((await response.json()) as { items: OrderEvent[] }).items;
};

describe('an event published through the local SNS hub', () => {
  it('reaches a subscriber in another serverless-offline process, validated and typed', async () => {
    const publisher = createEventPublisher({ source: 'orders', validators: eventValidators, topicArn: orderEventsTopicArn });
    const orderId = `ord-${randomUUID()}`;

    const published = await publisher.publish({ type: 'ORDER_MODIFIED', orderId, data: exampleData.ORDER_MODIFIED });

    const received = await vi.waitFor(
      async () => {
        const event = (await journalOf(orderId)).find((event) => event.id === published.id);
        expect(event, 'the journal to record the event').toBeDefined();
        return event;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(received).toEqual(published);
  });

  it('is recorded once however many times it is delivered', async () => {
    const publisher = createEventPublisher({ source: 'orders', validators: eventValidators, topicArn: orderEventsTopicArn });
    const event = publisher.build({ type: 'ORDER_MODIFIED', orderId: `ord-${randomUUID()}`, data: exampleData.ORDER_MODIFIED });
    const marker = publisher.build({ type: 'ORDER_MODIFIED', orderId: event.orderId, data: exampleData.ORDER_MODIFIED });

    await Promise.all([publisher.send(event), publisher.send(event), publisher.send(event)]);
    await publisher.send(marker);

    const received = await vi.waitFor(
      async () => {
        const events = await journalOf(event.orderId);
        expect(
          events.map((e) => e.id),
          'both events to be recorded',
        ).toEqual(expect.arrayContaining([marker.id, event.id]));
        return events;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(received.filter((e) => e.id === event.id)).toHaveLength(1);
  });
});

describe('the subscriber function, invoked as Lambda invokes it', () => {
  const invokeWith = async (message: object, type: string) => {
    const snsEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          Sns: {
            MessageId: randomUUID(),
            TopicArn: orderEventsTopicArn,
            Message: JSON.stringify(message),
            MessageAttributes: { type: { Type: 'String', Value: type } },
          },
        },
      ],
    };
    const result = await journalLambda.send(
      new InvokeCommand({ FunctionName: 'event-journal-local-recordEvent', Payload: JSON.stringify(snsEvent) }),
    );
    // A handler that returns nothing answers with no payload at all.
    const body = result.Payload ? new TextDecoder().decode(result.Payload) : '';
    return { functionError: result.FunctionError, payload: body === '' ? undefined : (JSON.parse(body) as unknown) };
  };

  it('fails loudly on an invalid event and records nothing', async () => {
    const orderId = `ord-${randomUUID()}`;
    const invalid = exampleEvent('PAYMENT_CONFIRMED', { orderId, data: { ...exampleData.PAYMENT_CONFIRMED, amount: 44.97 } });

    const { functionError, payload } = await invokeWith(invalid, 'PAYMENT_CONFIRMED');

    expect(functionError).toBe('Unhandled');
    expect(payload).toMatchObject({ errorMessage: 'invalid PAYMENT_CONFIRMED event: /data/amount must be object' });
    expect(await journalOf(orderId)).toEqual([]);
  });

  it('records a valid event handed to it directly', async () => {
    const event = exampleEvent('PAYMENT_FAILED', { id: randomUUID(), orderId: `ord-${randomUUID()}` });

    const { functionError } = await invokeWith(event, 'PAYMENT_FAILED');

    expect(functionError).toBeUndefined();
    expect(await journalOf(event.orderId)).toEqual([event]);
  });
});
