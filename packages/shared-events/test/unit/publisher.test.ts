import type { PublishCommand } from '@aws-sdk/client-sns';
import { describe, expect, it } from 'vitest';
import { createEventPublisher, EventValidationError } from '../../src/index.js';
import { exampleData } from '../../src/examples.js';
import * as eventValidators from '../../src/generated/event-validators.js';

const fakeSns = () => {
  const sent: PublishCommand[] = [];
  return { sent, client: { send: async (command: PublishCommand) => void sent.push(command) } as never };
};

const publisherFor = (sns: ReturnType<typeof fakeSns>) =>
  createEventPublisher({
    source: 'billing',
    validators: eventValidators,
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:order-events-test',
    sns: sns.client,
    now: () => new Date('2026-11-21T10:00:00Z'),
    newId: () => '9d7c2b1e-3f4a-4c5d-8e6f-7a8b9c0d1e2f',
  });

describe('createEventPublisher', () => {
  it('publishes the envelope as JSON with its type as the message attribute', async () => {
    const sns = fakeSns();

    const event = await publisherFor(sns).publish({
      type: 'PAYMENT_CONFIRMED',
      orderId: 'ord-1',
      data: exampleData.PAYMENT_CONFIRMED,
      causationId: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b',
    });

    expect(event).toEqual({
      id: '9d7c2b1e-3f4a-4c5d-8e6f-7a8b9c0d1e2f',
      type: 'PAYMENT_CONFIRMED',
      version: 1,
      source: 'billing',
      time: '2026-11-21T10:00:00.000Z',
      orderId: 'ord-1',
      causationId: '1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a5b',
      data: exampleData.PAYMENT_CONFIRMED,
    });
    expect(sns.sent).toHaveLength(1);
    expect(sns.sent[0]!.input).toEqual({
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:order-events-test',
      Message: JSON.stringify(event),
      MessageAttributes: { type: { DataType: 'String', StringValue: 'PAYMENT_CONFIRMED' } },
    });
  });

  it('refuses an invalid payload and sends nothing', async () => {
    const sns = fakeSns();
    const data = { ...exampleData.PAYMENT_CONFIRMED, amount: { amount: -1, currency: 'EUR' } };

    await expect(publisherFor(sns).publish({ type: 'PAYMENT_CONFIRMED', orderId: 'ord-1', data })).rejects.toThrow(
      EventValidationError,
    );
    expect(sns.sent).toHaveLength(0);
  });

  it("refuses an event type that belongs to another service's contract", async () => {
    const sns = fakeSns();
    const publisher = publisherFor(sns);

    await expect(
      // @ts-expect-error billing does not emit SHIPPED: the types forbid it, and so does the runtime
      publisher.publish({ type: 'SHIPPED', orderId: 'ord-1', data: exampleData.SHIPPED }),
    ).rejects.toThrow('billing cannot emit SHIPPED: it belongs to shipment');
    expect(sns.sent).toHaveLength(0);
  });

  it('sends an event built earlier unchanged, as an outbox relay needs', async () => {
    const sns = fakeSns();
    const publisher = publisherFor(sns);
    const event = publisher.build({ type: 'PAYMENT_FAILED', orderId: 'ord-2', data: exampleData.PAYMENT_FAILED });

    await publisher.send(event);

    expect(JSON.parse(sns.sent[0]!.input.Message!)).toEqual(event);
  });
});
