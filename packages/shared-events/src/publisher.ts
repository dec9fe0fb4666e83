import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { eventCatalog, type EventSource, type EventType, type EventTypeOf } from './catalog.js';
import type { EventData, OrderEvent } from './types.js';
import { assertEvent, type EventValidators } from './validation.js';

export interface EventDraft<T extends EventType> {
  type: T;
  orderId: string;
  data: EventData<T>;
  causationId?: string;
  /** A fresh UUID by default; given when the id must be known before the event is built. */
  id?: string;
}

export interface EventSenderOptions {
  topicArn: string;
  sns?: Pick<SNSClient, 'send'>;
}

export interface EventSender {
  /** Publishes an event built earlier (for example kept in an outbox), unchanged. */
  send(event: OrderEvent): Promise<void>;
}

/** Sends events as they are, checking nothing: for events a publisher built and checked earlier. */
export const createEventSender = ({ topicArn, sns = new SNSClient({}) }: EventSenderOptions): EventSender => ({
  send: async (event) => {
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: { type: { DataType: 'String', StringValue: event.type } },
      }),
    );
  },
});

export interface EventBuilderOptions<S extends EventSource, E extends EventTypeOf<S>> {
  /** The emitting service: the builder accepts only the event types this service owns. */
  source: S;
  /** The validators of the event types the builder builds, some or all of those the service owns. */
  validators: EventValidators<E>;
  now?: () => Date;
  newId?: () => string;
}

/** Builds the events of type E (by default every type S owns) of the service S, for an outbox that someone else relays. */
export interface EventBuilder<S extends EventSource, E extends EventTypeOf<S> = EventTypeOf<S>> {
  /** Builds the envelope of a new event and checks it against its schema; sends nothing. */
  build<T extends E>(draft: EventDraft<T>): OrderEvent<T>;
}

/** Builds and checks events without any SNS client: a function that only writes an outbox needs no publish rights, nor the SDK. */
export const createEventBuilder = <S extends EventSource, E extends EventTypeOf<S>>({
  source,
  validators,
  now = () => new Date(),
  newId = randomUUID,
}: EventBuilderOptions<S, E>): EventBuilder<S, E> => ({
  build: <T extends E>({ type, orderId, data, causationId, id = newId() }: EventDraft<T>): OrderEvent<T> => {
    const entry = eventCatalog[type];
    if (entry.source !== source) {
      // The types already forbid this; the check keeps plain JavaScript callers honest too.
      throw new Error(`${source} cannot emit ${type}: it belongs to ${entry.source}`);
    }
    // A producer bug must fail here, in the producer, rather than in every consumer.
    return assertEvent(
      type,
      {
        id,
        type,
        version: entry.version,
        source,
        time: now().toISOString(),
        orderId,
        ...(causationId === undefined ? {} : { causationId }),
        data,
      },
      validators,
    );
  },
});

export interface EventPublisherOptions<S extends EventSource, E extends EventTypeOf<S>>
  extends EventBuilderOptions<S, E>, EventSenderOptions {}

/** A publisher of the events of type E (by default every type S owns) of the service S. */
export interface EventPublisher<S extends EventSource, E extends EventTypeOf<S> = EventTypeOf<S>> extends EventBuilder<S, E> {
  /** Publishes an event built earlier (for example kept in an outbox), unchanged. */
  send<T extends E>(event: OrderEvent<T>): Promise<void>;
  /** build, then send. */
  publish<T extends E>(draft: EventDraft<T>): Promise<OrderEvent<T>>;
}

export const createEventPublisher = <S extends EventSource, E extends EventTypeOf<S>>({
  topicArn,
  sns,
  ...builderOptions
}: EventPublisherOptions<S, E>): EventPublisher<S, E> => {
  const { build } = createEventBuilder(builderOptions);
  const { send } = createEventSender({ topicArn, sns });
  return {
    build,
    send,
    publish: async (draft) => {
      const event = build(draft);
      await send(event);
      return event;
    },
  };
};
