import { readEnvironment } from '@ecommerce/lambda-kit';
import { createEventSubscriber, eventTypes, type EventHandlers, type EventType } from '@ecommerce/shared-events';
import { createEventJournal, type EventJournal } from '../../adapters/event-journal.js';

export const createHandler = (journal: EventJournal) =>
  createEventSubscriber(
    Object.fromEntries(eventTypes.map((type) => [type, (event) => journal.record(event)])) as EventHandlers<EventType>,
  );

const { EVENT_JOURNAL_TABLE } = readEnvironment(['EVENT_JOURNAL_TABLE']);

export const main = createHandler(createEventJournal({ tableName: EVENT_JOURNAL_TABLE }));
