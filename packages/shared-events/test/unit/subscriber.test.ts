import type { Context, SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventSubscriber, EventValidationError, ForeignTopicError, type OrderEvent } from '../../src/index.js';
import { exampleEvent } from '../../src/examples.js';
import * as eventValidators from '../../src/generated/event-validators.js';

const topicArn = 'arn:aws:sns:eu-west-1:123456789012:order-events-qa';

const snsEvent = (message: string, typeAttribute?: string, fromTopic: string | null = topicArn): SNSEvent =>
  ({
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          MessageId: 'msg-1',
          TopicArn: fromTopic ?? undefined,
          Message: message,
          MessageAttributes: typeAttribute === undefined ? {} : { type: { Type: 'String', Value: typeAttribute } },
        },
      },
    ],
  }) as unknown as SNSEvent;

const deliver = (event: OrderEvent) => snsEvent(JSON.stringify(event), event.type);
const context = {} as Context;

describe('createEventSubscriber', () => {
  beforeEach(() => vi.stubEnv('ORDER_EVENTS_TOPIC_ARN', topicArn));
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('refuses, and logs, a message from any other topic than its own, valid as it may be', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handled = vi.fn();
    const handler = createEventSubscriber({ SHIPPED: handled }, eventValidators);
    const event = exampleEvent('SHIPPED');
    const otherTopic = 'arn:aws:sns:eu-west-1:123456789012:someone-elses-topic';

    await expect(handler(snsEvent(JSON.stringify(event), 'SHIPPED', otherTopic), context)).rejects.toThrow(ForeignTopicError);
    await expect(handler(snsEvent(JSON.stringify(event), 'SHIPPED', null), context)).rejects.toThrow(
      'refused a message from no topic',
    );

    expect(handled).not.toHaveBeenCalled();
    expect(JSON.parse(String(logged.mock.calls[0]?.[0]))).toMatchObject({
      level: 'ERROR',
      message: 'rejected a message from another topic',
      topicArn: otherTopic,
    });
  });

  it('takes the topic it was given over ORDER_EVENTS_TOPIC_ARN', async () => {
    const handled = vi.fn();
    const otherTopic = 'arn:aws:sns:eu-west-1:123456789012:order-events-local';
    const handler = createEventSubscriber({ SHIPPED: handled }, eventValidators, { topicArn: otherTopic });

    await handler(snsEvent(JSON.stringify(exampleEvent('SHIPPED')), 'SHIPPED', otherTopic), context);

    expect(handled).toHaveBeenCalledOnce();
  });

  it('fails at its cold start, naming the variable, when it is not told its topic', () => {
    vi.stubEnv('ORDER_EVENTS_TOPIC_ARN', '');

    expect(() => createEventSubscriber({ SHIPPED: async () => {} }, eventValidators)).toThrow(
      'ORDER_EVENTS_TOPIC_ARN is not set',
    );
  });

  it('hands each event to the handler of its type, validated and typed', async () => {
    const received: string[] = [];
    const handler = createEventSubscriber(
      {
        SHIPPED: async (event) => void received.push(`shipped ${event.data.trackingNumber}`),
        SHIPMENT_ERROR: async (event) => void received.push(`refused ${event.data.reason.code}`),
      },
      eventValidators,
    );

    await handler(deliver(exampleEvent('SHIPPED')), context);
    await handler(deliver(exampleEvent('SHIPMENT_ERROR')), context);

    expect(received).toEqual(['shipped LP123456789GB', 'refused destination_not_served']);
  });

  it('fails loudly on a message that is not JSON', async () => {
    const handler = createEventSubscriber({ SHIPPED: async () => {} }, eventValidators);

    await expect(handler(snsEvent('{not json', 'SHIPPED'), context)).rejects.toThrow('message is not JSON');
  });

  it('fails loudly on an invalid event and logs its issues, not its payload', async () => {
    // Unit tests run Powertools in its dev mode (the shared vitest config), where it logs through the console.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const handled = vi.fn();
    const handler = createEventSubscriber({ SHIPPED: handled }, eventValidators);
    const invalid = exampleEvent('SHIPPED', { data: { carrier: 'X', trackingNumber: 'secret-123' } });

    await expect(handler(deliver(invalid), context)).rejects.toThrow(EventValidationError);

    expect(handled).not.toHaveBeenCalled();
    const line = String(logged.mock.calls[0]?.[0]);
    expect(JSON.parse(line)).toMatchObject({
      level: 'ERROR',
      snsMessageId: 'msg-1',
      issues: [{ path: '/data', message: "must have required property 'shipmentId'" }],
    });
    expect(line).not.toContain('secret-123');
  });

  it('fails when the type attribute that filter policies route on disagrees with the envelope', async () => {
    const handler = createEventSubscriber({ SHIPPED: async () => {} }, eventValidators);

    await expect(handler(snsEvent(JSON.stringify(exampleEvent('SHIPPED')), 'SHIPMENT_ERROR'), context)).rejects.toThrow(
      "message attribute 'type' is SHIPMENT_ERROR, envelope type is SHIPPED",
    );
  });

  it('fails on a valid event of a type it does not handle, pointing at the filter policy', async () => {
    const handler = createEventSubscriber({ SHIPPED: async () => {} }, eventValidators);

    await expect(handler(deliver(exampleEvent('PAYMENT_FAILED')), context)).rejects.toThrow(
      "received PAYMENT_FAILED but handles only SHIPPED: check the subscription's filter policy",
    );
  });

  it('lets a failing handler fail the delivery, so that it is retried', async () => {
    const handler = createEventSubscriber(
      {
        SHIPPED: async () => {
          throw new Error('database unavailable');
        },
      },
      eventValidators,
    );

    await expect(handler(deliver(exampleEvent('SHIPPED')), context)).rejects.toThrow('database unavailable');
  });
});
