import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { HttpError, maySee, pathParameter, type CallerRequest } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { OrderRepository } from '../adapters/order-repository.js';
import type { StoredOrder } from '../domain/order.js';

const notFound = (orderId: string) => new HttpError(404, 'order_not_found', `There is no order ${orderId}.`);

/** The order named by the `orderId` path parameter: 400 when it is malformed, 404 when there is none. */
export const readOrder = async (
  orders: Pick<OrderRepository, 'get'>,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
): Promise<StoredOrder> => {
  const orderId = pathParameter(request, 'orderId', (value) => issuesAgainst(schemas.Id, value));
  const order = await orders.get(orderId);
  if (!order) throw notFound(orderId);
  return order;
};

/**
 * readOrder for a signed-in caller: an order they may not read is answered exactly as an unknown
 * id, so that trying ids reveals nothing about other customers' orders.
 */
export const readOrderFor = async (
  orders: Pick<OrderRepository, 'get'>,
  request: Pick<CallerRequest, 'pathParameters' | 'caller'>,
): Promise<StoredOrder> => {
  const order = await readOrder(orders, request);
  if (!maySee(request.caller, order.customerId)) throw notFound(order.orderId);
  return order;
};
