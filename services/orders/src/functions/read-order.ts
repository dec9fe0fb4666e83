import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { HttpError, pathParameter } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { OrderRepository } from '../adapters/order-repository.js';
import type { StoredOrder } from '../domain/order.js';

/** The order named by the `orderId` path parameter: 400 when it is malformed, 404 when there is none. */
export const readOrder = async (
  orders: OrderRepository,
  request: Pick<APIGatewayProxyEvent, 'pathParameters'>,
): Promise<StoredOrder> => {
  const orderId = pathParameter(request, 'orderId', (value) => issuesAgainst(schemas.Id, value));
  const order = await orders.get(orderId);
  if (!order) throw new HttpError(404, 'order_not_found', `There is no order ${orderId}.`);
  return order;
};
