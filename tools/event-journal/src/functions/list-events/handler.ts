import { readEnvironment } from '@ecommerce/lambda-kit';
import { createEventJournal } from '../../adapters/event-journal.js';
import { createHandler } from './make-handler.js';

const { EVENT_JOURNAL_TABLE } = readEnvironment(['EVENT_JOURNAL_TABLE']);

export const main = createHandler(createEventJournal({ tableName: EVENT_JOURNAL_TABLE }));
