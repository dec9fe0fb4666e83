import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import type { CarrierWebhook } from '@ecommerce/api-client';
import { HttpError, httpHandler, invalidRequest, json, maxBodyBytes, shapeIssues } from '@ecommerce/lambda-kit';
import { verify, WebhookSignatureError } from '@ecommerce/webhooks';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { receiveCarrierWebhook, type CarrierWebhookDependencies } from './carrier-webhook.js';

const headerOf = (event: APIGatewayProxyEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * The carrier's webhook, checked in this order before anything is read or written: its size, its
 * signature over the raw body (the body as sent, before any parsing), then the body against the
 * contract. Each refusal is a 400 (413 for size) that says why, and records nothing.
 */
export const createHandler = (dependencies: CarrierWebhookDependencies, secret: () => Promise<string>) =>
  httpHandler(async (event) => {
    const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    if (Buffer.byteLength(body) > maxBodyBytes)
      throw new HttpError(413, 'payload_too_large', `The body is over ${maxBodyBytes} bytes.`);
    try {
      verify({ header: headerOf(event, 'carrier-signature'), body, secret: await secret() });
    } catch (error) {
      if (error instanceof WebhookSignatureError) throw new HttpError(400, error.code, error.message);
      throw error;
    }
    let webhook: unknown;
    try {
      webhook = JSON.parse(body);
    } catch {
      throw invalidRequest([{ path: '', message: 'must be JSON' }]);
    }
    const issues = shapeIssues(webhook);
    if (issues.length === 0) issues.push(...issuesAgainst(schemas.CarrierWebhook, webhook));
    if (issues.length > 0) throw invalidRequest(issues);
    await receiveCarrierWebhook(dependencies, webhook as CarrierWebhook);
    return json(200, { received: true });
  });
