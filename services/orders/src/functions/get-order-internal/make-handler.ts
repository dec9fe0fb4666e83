import { httpHandler, json } from '@ecommerce/lambda-kit';
import { type OrderRepository } from '../../adapters/order-repository.js';
import { payableView, serviceView } from '../../domain/order.js';
import { readOrder } from '../../use-cases/read-order.js';

/**
 * GET /internal/orders/{orderId}, and GET /internal/orders/{orderId}/payment with the payment token:
 * one function for both, as on AWS the API's resource policy, not the function, decides who may call
 * which (billing's charge alone the second).
 */
export const createHandler = (orders: OrderRepository) =>
  httpHandler(async (request) => {
    const view = request.resource.endsWith('/payment') ? payableView : serviceView;
    return json(200, view(await readOrder(orders, request)));
  });
