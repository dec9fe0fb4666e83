import {
  accessTokenVerifierFromEnvironment,
  callerHandler,
  json,
  readEnvironment,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { createOrderRepository, type OrderRepository } from '../../adapters/order-repository.js';
import { customerView } from '../../domain/order.js';
import { readOrderFor } from '../../use-cases/read-order.js';

export const createHandler = (orders: OrderRepository, verify: VerifyAccessToken) =>
  callerHandler(verify, async (request) => json(200, customerView(await readOrderFor(orders, request))));

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler(createOrderRepository({ tableName: ORDERS_TABLE }), accessTokenVerifierFromEnvironment());
