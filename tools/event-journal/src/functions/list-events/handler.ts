import { readEnvironment } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createEventJournal, type EventJournal } from '../../adapters/event-journal.js';

export const createHandler =
  (journal: EventJournal) =>
  async (request: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): Promise<APIGatewayProxyResult> => {
    const events = await journal.list(request.queryStringParameters?.orderId);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: events }),
    };
  };

const { EVENT_JOURNAL_TABLE } = readEnvironment(['EVENT_JOURNAL_TABLE']);

export const main = createHandler(createEventJournal({ tableName: EVENT_JOURNAL_TABLE }));
