import { HttpError, httpHandler, json, retryBudget } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { WebhookRejectedError } from '../../adapters/payment-provider.js';
import { receivePaymentWebhook, type WebhookDependencies } from './receive-payment-webhook.js';

/** Stripe's events are small; anything far larger is not one. */
const maxWebhookBytes = 256 * 1024;

const header = (event: APIGatewayProxyEvent, name: string) =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** The raw body exactly as sent: the signature covers its bytes, so it is not parsed before it is checked. */
const rawBody = (event: APIGatewayProxyEvent): string => {
  const body = event.body ?? '';
  const raw = event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  if (Buffer.byteLength(raw) > maxWebhookBytes) throw new HttpError(413, 'payload_too_large', 'The webhook is too large.');
  return raw;
};

export const createHandler = (dependencies: WebhookDependencies) =>
  httpHandler(async (event, context) => {
    try {
      return json(
        200,
        await receivePaymentWebhook(dependencies, rawBody(event), header(event, 'stripe-signature'), retryBudget(context)),
      );
    } catch (error) {
      if (error instanceof WebhookRejectedError) {
        throw new HttpError(400, 'invalid_signature', `The webhook's signature does not hold: ${error.message}`);
      }
      throw error;
    }
  });
