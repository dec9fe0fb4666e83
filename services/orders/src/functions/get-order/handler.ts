import { httpHandler, json, readEnvironment } from '@ecommerce/lambda-kit';
import { createOrderRepository, type OrderRepository } from '../../adapters/order-repository.js';
import { customerView } from '../../domain/order.js';
import { readOrder } from '../read-order.js';

export const createHandler = (orders: OrderRepository) =>
  httpHandler(async (request) => json(200, customerView(await readOrder(orders, request))));

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler(createOrderRepository({ tableName: ORDERS_TABLE }));
