import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { parseForm } from './form.js';
import { createStore } from './store.js';
import { createStripeApi } from './stripe-api.js';
import { sendDueWebhooks } from './webhooks.js';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`missing environment variable: ${name}`);
  return value;
};

const store = createStore(setting('SANDBOX_TABLE'));
const stripeApi = createStripeApi(store, { publicUrl: setting('SANDBOX_PUBLIC_URL') });

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
    // The authentication page is HTML already; the API answers JSON.
    body: typeof response.body === 'string' ? response.body : JSON.stringify(response.body),
  };
};

/** Every second locally: the bank debits that are due settle, then the webhooks waiting go out. */
export const callBack = async (): Promise<void> => {
  await stripeApi.settleDueDebits();
  await sendDueWebhooks(store, { url: setting('PAYMENT_WEBHOOK_URL'), secret: setting('STRIPE_WEBHOOK_SECRET') });
};
