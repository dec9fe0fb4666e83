import { accessTokenVerifierFromEnvironment, readEnvironment } from '@ecommerce/lambda-kit';
import { createOrderRepository } from '../../adapters/order-repository.js';
import { createHandler } from './make-handler.js';

const { ORDERS_TABLE } = readEnvironment(['ORDERS_TABLE']);

export const main = createHandler(createOrderRepository({ tableName: ORDERS_TABLE }), accessTokenVerifierFromEnvironment());
