import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseForm } from './form.js';
import { createStore } from './store.js';
import { createStripeApi } from './stripe-api.js';

const tableName = process.env['SANDBOX_TABLE'];
if (!tableName) throw new Error('missing environment variable: SANDBOX_TABLE');

const stripeApi = createStripeApi(createStore(tableName));

const header = (event: APIGatewayProxyEvent, name: string) =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

export const main = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString() : event.body) : '';
  const response = await stripeApi({
    method: event.httpMethod,
    path: event.path,
    query: event.queryStringParameters ?? {},
    form: parseForm(body),
    idempotencyKey: header(event, 'idempotency-key'),
    authorization: header(event, 'authorization'),
  });
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json', 'request-id': `req_${Date.now()}`, ...response.headers },
    body: JSON.stringify(response.body),
  };
};
