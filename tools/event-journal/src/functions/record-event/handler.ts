import { readEnvironment } from '@ecommerce/lambda-kit';
import { createEventSubscriber, everyEventType } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createEventJournal, type EventJournal } from '../../adapters/event-journal.js';

export const createHandler = (journal: EventJournal) =>
  createEventSubscriber(
    everyEventType((event) => journal.record(event)),
    eventValidators,
  );

const { EVENT_JOURNAL_TABLE } = readEnvironment(['EVENT_JOURNAL_TABLE']);

export const main = createHandler(createEventJournal({ tableName: EVENT_JOURNAL_TABLE }));
