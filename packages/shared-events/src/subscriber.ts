import middy, { type MiddyfiedHandler } from '@middy/core';
import { correlate, logger, observed } from '@ecommerce/observability';
import type { Context, SNSEvent, SNSEventRecord } from 'aws-lambda';
import { eventTypes, type EventType } from './catalog.js';
import type { OrderEvent } from './types.js';
import { EventValidationError, parseEvent, type EventValidators } from './validation.js';

export type EventHandlers<T extends EventType> = {
  [K in T]: (event: OrderEvent<K>, context: Context) => Promise<void>;
};

/** A delivery that did not come from the topic this function subscribes to. */
export class ForeignTopicError extends Error {
  constructor(readonly topicArn: string | undefined) {
    super(`refused a message from ${topicArn ?? 'no topic'}: this function takes events from its order-events topic only`);
    this.name = 'ForeignTopicError';
  }
}

const decodeRecord = <T extends EventType>(
  record: SNSEventRecord,
  validators: EventValidators<T>,
  unexpected: (type: EventType) => Error,
  topicArn: string,
): OrderEvent<T> => {
  // Only the topic's policy decides who publishes on it (services/platform); a message from any other
  // topic, or an invocation dressed as one, was published by someone it did not ask.
  if (record.Sns.TopicArn !== topicArn) throw new ForeignTopicError(record.Sns.TopicArn);
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

/** The topic every consumer takes its events from: ORDER_EVENTS_TOPIC_ARN, which each service's serverless.yml sets. */
const configuredTopicArn = (): string => {
  const topicArn = process.env['ORDER_EVENTS_TOPIC_ARN'];
  if (!topicArn)
    throw new Error('ORDER_EVENTS_TOPIC_ARN is not set: the ARN of the order-events topic this function subscribes to');
  return topicArn;
};

/**
 * A Lambda handler for SNS deliveries from the order-events topic. Each record is checked to come
 * from that topic (`topicArn`, ORDER_EVENTS_TOPIC_ARN by default), decoded, checked against the
 * envelope and its type's schema (with `validators`, those of the handled types), and handed to the
 * handler of its type, fully typed.
 *
 * A message from another topic, invalid, or of a type this function does not handle, throws: Lambda
 * retries it and then sends it to the function's dead-letter target. Nothing is dropped silently.
 */
export const createEventSubscriber = <T extends EventType>(
  handlers: EventHandlers<T>,
  validators: EventValidators<NoInfer<T>>,
  { topicArn = configuredTopicArn() }: { topicArn?: string } = {},
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
          event = decodeRecord(record, expected, unexpected, topicArn);
        } catch (error) {
          if (error instanceof EventValidationError) {
            logger.error('rejected an invalid event', { snsMessageId: record.Sns.MessageId, issues: error.issues });
          }
          if (error instanceof ForeignTopicError) {
            logger.error('rejected a message from another topic', {
              snsMessageId: record.Sns.MessageId,
              topicArn: error.topicArn,
            });
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
