import { randomUUID } from 'node:crypto';
import type { ModifyOrderRequest } from '@ecommerce/api-client';
import { HttpError, json, type CallerRequest, type JsonRequest } from '@ecommerce/lambda-kit';
import { count } from '@ecommerce/observability';
import type { EventBuilder } from '@ecommerce/shared-events';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { OrderRepository } from '../../adapters/order-repository.js';
import type { ProductCatalogue } from '../../adapters/product-catalogue.js';
import { mayChange } from '../../domain/access.js';
import { changeKind, modify, type Change } from '../../domain/modification.js';
import { customerView, priceLines, type StoredOrder } from '../../domain/order.js';
import { askCatalogue } from '../../use-cases/ask-catalogue.js';
import { readOrderFor } from '../../use-cases/read-order.js';

export interface ModifyOrderDependencies {
  catalogue: ProductCatalogue;
  orders: Pick<OrderRepository, 'get' | 'update'>;
  events: EventBuilder<'orders', 'ORDER_MODIFIED'>;
  newId?: () => string;
  now?: () => Date;
}

const maxAttempts = 5;

/** The change a request asks for, with new lines checked and priced by the catalogue as at creation. */
const changeAsked = async (catalogue: ProductCatalogue, order: StoredOrder, body: ModifyOrderRequest): Promise<Change> => {
  if (body.items === undefined) return { deliveryAddress: body.deliveryAddress! };
  const priced = priceLines(body.items, order.total.currency, await askCatalogue(catalogue, body.items, order.total.currency));
  if (!priced.accepted) {
    throw new HttpError(422, 'order_rejected', 'The order cannot be changed as asked; see details.', priced.issues);
  }
  return { items: priced.content };
};

/**
 * PATCH /orders/{orderId}: the customer moves the delivery address, an operator changes the items.
 * The change and its ORDER_MODIFIED are written together over the version that was read: if
 * anything moved the order meanwhile (another change, the pipeline), it is read and judged again,
 * so no change is lost and none lands on an order that can no longer take it.
 */
export const modifyOrder = async (
  { catalogue, orders, events, newId = randomUUID, now = () => new Date() }: ModifyOrderDependencies,
  request: CallerRequest<JsonRequest<ModifyOrderRequest>>,
): Promise<APIGatewayProxyResult> => {
  const { body, caller } = request;
  const kind = changeKind(body);
  let change: Change | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const order = await readOrderFor(orders, request);
    if (kind === 'items' && !caller.isOperator) {
      throw new HttpError(403, 'forbidden', 'Only operators can change the items of an order.');
    }
    if (kind === 'deliveryAddress' && !mayChange(caller, order)) {
      throw new HttpError(403, 'forbidden', 'Only the customer who placed an order can change its delivery address.');
    }
    change ??= await changeAsked(catalogue, order, body);
    const eventId = newId();
    const decision = modify(order, change, {
      eventId,
      now: now(),
      changedBy: kind === 'items' ? 'operator' : 'customer',
    });
    if (decision.outcome === 'unchanged') return json(200, customerView(order));
    if (decision.outcome === 'refused') {
      throw new HttpError(decision.statusCode, decision.code, decision.message, decision.details);
    }
    const event = events.build({ id: eventId, type: 'ORDER_MODIFIED', orderId: order.orderId, data: decision.data });
    if (await orders.update(decision.order, order.version, event)) {
      count('OrderModified');
      return json(200, customerView(decision.order));
    }
  }
  throw new Error(`order kept changing while it was being modified; giving up after ${maxAttempts} attempts`);
};
