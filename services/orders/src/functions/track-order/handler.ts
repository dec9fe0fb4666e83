import { readEnvironment } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { createOrderRepository, type OrderRepository } from '../../adapters/order-repository.js';
import type { ProgressEvent } from '../../domain/lifecycle.js';
import { trackOrder } from './track-order.js';

export const createHandler = (orders: OrderRepository) => {
  const track = (event: ProgressEvent) => trackOrder(orders, event);
  return createEventSubscriber({
    INVOICE_CREATED: track,
    PAYMENT_CONFIRMED: track,
    PAYMENT_FAILED: track,
    SHIPPED: track,
    SHIPMENT_ERROR: track,
    PAYMENT_REFUNDED: track,
  });
};

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler(createOrderRepository({ tableName: ORDERS_TABLE }));
