import { randomUUID } from 'node:crypto';
import type { CreateOrderRequest } from '@ecommerce/api-client';
import { bearerToken, HttpError, invalidRequest, type CallerRequest, type JsonRequest } from '@ecommerce/lambda-kit';
import { correlate, count, countOrderValue } from '@ecommerce/observability';
import type { EventBuilder } from '@ecommerce/shared-events';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { CustomerEmails } from '../../adapters/customer-emails.js';
import type { IdempotencyStore } from '../../adapters/idempotency-store.js';
import type { OrderRepository } from '../../adapters/order-repository.js';
import type { ProductCatalogue } from '../../adapters/product-catalogue.js';
import { fingerprint, keyDigest, parseIdempotencyKey, type StoredResponse } from '../../domain/idempotency.js';
import { customerView, orderCreatedData, placeOrder } from '../../domain/order.js';
import { askCatalogue } from '../../use-cases/ask-catalogue.js';
import { verifiedEmailOf } from './customer-email.js';

export interface CreateOrderDependencies {
  catalogue: ProductCatalogue;
  /** Where the order's mail goes: the identity provider's verified address of the caller. */
  emails: CustomerEmails;
  orders: Pick<OrderRepository, 'create'>;
  events: EventBuilder<'orders', 'ORDER_CREATED'>;
  keys: IdempotencyStore;
  newId?: () => string;
  now?: () => Date;
}

const answer = (
  { statusCode, body, headers }: StoredResponse,
  extraHeaders: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers, ...extraHeaders },
  body: JSON.stringify(body),
});

const headerOf = (request: Pick<JsonRequest<unknown>, 'headers'>, name: string) =>
  Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/**
 * POST /orders, for the signed-in customer, whose mail goes to the address the identity provider
 * holds for them and has verified, never to one a request names. With an Idempotency-Key, the first answer for a
 * customer's key and body is kept and replayed:
 * the order and its recorded answer are written in one transaction, so a retry can never create a
 * second order. A rejection (422) is kept too; a failure worth retrying (503, 500) gives the key back.
 */
export const createOrder = async (
  { catalogue, emails, orders, events, keys, newId = randomUUID, now = () => new Date() }: CreateOrderDependencies,
  request: CallerRequest<JsonRequest<CreateOrderRequest>>,
): Promise<APIGatewayProxyResult> => {
  const { body, caller } = request;
  if (body.customerId !== undefined && body.customerId !== caller.customerId) {
    throw new HttpError(
      403,
      'forbidden',
      'An order is placed in the name of the signed-in customer: leave customerId out, or give your own.',
    );
  }
  const customerId = caller.customerId;
  const header = headerOf(request, 'idempotency-key');
  let idempotency: { digest: string; fingerprint: string } | undefined;
  if (header !== undefined) {
    const key = parseIdempotencyKey(header);
    if (!key) throw invalidRequest([{ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    idempotency = { digest: keyDigest(customerId, key), fingerprint: fingerprint(body) };
    const claim = await keys.claim(idempotency.digest, idempotency.fingerprint, now());
    if (claim.outcome === 'replay') return answer(claim.response, { 'idempotent-replayed': 'true' });
    if (claim.outcome === 'in-flight') {
      throw new HttpError(
        409,
        'request_in_progress',
        'A request with this Idempotency-Key is still being processed. Retry in a moment.',
      );
    }
    if (claim.outcome === 'other-request') {
      throw new HttpError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was already used for a request with another body.',
      );
    }
  }

  try {
    // One round trip for both: the identity provider's answer costs no wait beyond the catalogue's.
    const [found, customerEmail] = await Promise.all([
      askCatalogue(catalogue, body.items, body.currency),
      verifiedEmailOf(emails, bearerToken(request.headers), body.customerEmail),
    ]);

    const orderId = newId();
    const eventId = newId();
    correlate({ orderId, eventId });
    const result = placeOrder({ ...body, customerId, customerEmail }, found, { orderId, eventId, now: now() });
    if (!result.accepted) {
      const rejection = new HttpError(422, 'order_rejected', 'The order cannot be placed as asked; see details.', result.issues);
      if (idempotency)
        await keys.complete(idempotency.digest, idempotency.fingerprint, { statusCode: 422, body: rejection.body, headers: {} });
      throw rejection;
    }

    const response: StoredResponse = {
      statusCode: 201,
      body: customerView(result.order),
      headers: { location: `/orders/${orderId}` },
    };
    const event = events.build({ id: eventId, type: 'ORDER_CREATED', orderId, data: orderCreatedData(result.order) });
    await orders.create(
      result.order,
      event,
      idempotency ? [keys.completion(idempotency.digest, idempotency.fingerprint, response)] : [],
    );
    count('OrderCreated');
    countOrderValue(result.order.total.amount, result.order.total.currency);
    return answer(response);
  } catch (error) {
    const kept = error instanceof HttpError && error.statusCode === 422;
    if (idempotency && !kept) await keys.release(idempotency.digest);
    throw error;
  }
};
