import {
  accessTokenVerifierFromEnvironment,
  callerHandler,
  createDocumentClient,
  readEnvironment,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import { ORDER_CANCELLED } from '@ecommerce/shared-events/validators';
import { createOrderRepository } from '../../adapters/order-repository.js';
import { cancelOrder, type CancelOrderDependencies } from './cancel-order.js';

export const createHandler = (dependencies: CancelOrderDependencies, verify: VerifyAccessToken) =>
  callerHandler(verify, (request) => cancelOrder(dependencies, request));

const env = readEnvironment(['ORDERS_TABLE', 'ORDER_EVENTS_TOPIC_ARN']);
const publisher = createEventPublisher({
  source: 'orders',
  topicArn: env.ORDER_EVENTS_TOPIC_ARN,
  validators: { ORDER_CANCELLED },
});
const client = createDocumentClient();

export const main = createHandler(
  {
    orders: createOrderRepository({ tableName: env.ORDERS_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.ORDERS_TABLE, client, sender: publisher }),
    publisher,
  },
  accessTokenVerifierFromEnvironment(),
);
