export { acceptedVersions, earlierVersions, eventCatalog, eventTypes, isEventType } from './catalog.js';
export type { EventSource, EventType, EventTypeOf, VersionedEventType } from './catalog.js';
export { acceptedEventSchema, envelopeSchema, eventSchema } from './schemas/envelope.js';
export type { Address, CurrentOrderEvent, EventData, EventFrom, Money, OrderEvent, OrderLine, Reason } from './types.js';
export { assertEvent, EventValidationError, parseEvent } from './validation.js';
export type { EventValidators, ValidationIssue } from './validation.js';
export { createEventBuilder, createEventPublisher, createEventSender } from './publisher.js';
export type {
  EventBuilder,
  EventBuilderOptions,
  EventDraft,
  EventPublisher,
  EventPublisherOptions,
  EventSender,
  EventSenderOptions,
} from './publisher.js';
export { createEventSubscriber, everyEventType, ForeignTopicError, sameHandlerFor } from './subscriber.js';
export type { EventHandlers } from './subscriber.js';
export { buildAsyncApiDocument } from './asyncapi.js';
export { earlierExampleData, exampleData, exampleEvent } from './examples.js';
export { formatMoney } from './money.js';
export { isPartialRefund, partialRefundReason, returnRefundReason } from './refunds.js';
