import middy, { type MiddyfiedHandler } from '@middy/core';
import { correlate, logger, observed } from '@ecommerce/observability';
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { eventTypes, type EventType } from './catalog.js';
import type { OrderEvent } from './types.js';
import { EventValidationError, parseEvent, type EventValidators } from './validation.js';

export type EventHandlers<T extends EventType> = {
  [K in T]: (event: OrderEvent<K>, context: Context) => Promise<void>;
};

const decodeRecord = <T extends EventType>(
  record: SNSEventRecord,
  validators: EventValidators<T>,
  unexpected: (type: EventType) => Error,
): OrderEvent<T> => {
  let candidate: unknown;
  try {
    candidate = JSON.parse(record.Sns.Message);
  } catch {
    throw new EventValidationError('invalid event', [{ path: '', message: 'message is not JSON' }]);
  }
  const event = parseEvent(candidate, validators, unexpected);
  const attributeType = record.Sns.MessageAttributes?.['type']?.Value;
  if (attributeType !== event.type) {
    // Filter policies route on the attribute: a mismatch means this message reached the wrong consumer.
    throw new EventValidationError(`invalid ${event.type} event`, [
      { path: '', message: `message attribute 'type' is ${attributeType ?? 'missing'}, envelope type is ${event.type}` },
    ]);
  }
  return event;
};

/**
 * A Lambda handler for SNS deliveries from the order-events topic. Each record is decoded, checked
 * against the envelope and its type's schema (with `validators`, those of the handled types), and
 * handed to the handler of its type, fully typed.
 *
 * A message that is invalid, or of a type this function does not handle, throws: Lambda retries it
 * and then sends it to the function's dead-letter target. Nothing is dropped silently.
 */
export const createEventSubscriber = <T extends EventType>(
  handlers: EventHandlers<T>,
  validators: EventValidators<NoInfer<T>>,
): MiddyfiedHandler<SNSEvent, void, Error, Context> => {
  const handled = Object.keys(handlers) as T[];
  // An event of a type not handled here is refused before its payload is checked, so that a function
  // bundles the validators of its own types only.
  const unexpected = (type: EventType) =>
    new Error(`received ${type} but handles only ${handled.join(', ')}: check the subscription's filter policy`);
  const expected = Object.fromEntries(handled.map((type) => [type, validators[type]])) as EventValidators<T>;

  return middy<SNSEvent, void, Error, Context>()
    .use(observed<SNSEvent, void>())
    .handler(async (snsEvent, context) => {
      for (const record of snsEvent.Records) {
        let event: OrderEvent<T>;
        try {
          event = decodeRecord(record, expected, unexpected);
        } catch (error) {
          if (error instanceof EventValidationError) {
            logger.error('rejected an invalid event', { snsMessageId: record.Sns.MessageId, issues: error.issues });
          }
          throw error;
        }
        const handler = handlers[event.type] as unknown as (event: OrderEvent, context: Context) => Promise<void>;
        correlate({ orderId: event.orderId, eventId: event.id, eventType: event.type });
        await handler(event, context);
        logger.info(`handled ${event.type}`);
      }
    });
};

/** The same handler for each of `types` (a journal, an audit log, a status tracker). */
export const sameHandlerFor = <T extends EventType>(
  types: readonly T[],
  handler: (event: OrderEvent<T>, context: Context) => Promise<void>,
): EventHandlers<T> => Object.fromEntries(types.map((type) => [type, handler])) as unknown as EventHandlers<T>;

/** The same handler for every event type of the contract. */
export const everyEventType = (handler: (event: OrderEvent, context: Context) => Promise<void>): EventHandlers<EventType> =>
  sameHandlerFor(eventTypes, handler);
