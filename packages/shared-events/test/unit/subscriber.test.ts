import type { Context, SNSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventSubscriber, EventValidationError, type OrderEvent } from '../../src/index.js';
import { exampleEvent } from '../../src/examples.js';
import * as eventValidators from '../../src/generated/event-validators.js';

const snsEvent = (message: string, typeAttribute?: string): SNSEvent =>
  ({
    Records: [
      {
        EventSource: 'aws:sns',
        Sns: {
          MessageId: 'msg-1',
          Message: message,
          MessageAttributes: typeAttribute === undefined ? {} : { type: { Type: 'String', Value: typeAttribute } },
        },
      },
    ],
  }) as unknown as SNSEvent;

const deliver = (event: OrderEvent) => snsEvent(JSON.stringify(event), event.type);
const context = {} as Context;

describe('createEventSubscriber', () => {
  afterEach(() => vi.restoreAllMocks());

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
