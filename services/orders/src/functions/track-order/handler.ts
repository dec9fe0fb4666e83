import { readEnvironment } from '@ecommerce/lambda-kit';
import { createEventSubscriber, sameHandlerFor } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createOrderRepository, type OrderRepository } from '../../adapters/order-repository.js';
import { trackedEventTypes, trackOrder } from './track-order.js';

export const createHandler = (orders: OrderRepository) =>
  createEventSubscriber(
    sameHandlerFor(trackedEventTypes, (event) => trackOrder(orders, event)),
    eventValidators,
  );

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler(createOrderRepository({ tableName: ORDERS_TABLE }));
