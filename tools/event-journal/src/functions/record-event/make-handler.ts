import { createEventSubscriber, everyEventType } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { type EventJournal } from '../../adapters/event-journal.js';

export const createHandler = (journal: EventJournal) =>
  createEventSubscriber(
    everyEventType((event) => journal.record(event)),
    eventValidators,
  );
