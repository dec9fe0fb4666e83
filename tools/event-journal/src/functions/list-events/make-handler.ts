import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { type EventJournal } from '../../adapters/event-journal.js';

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
