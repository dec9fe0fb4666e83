import type { ModifyOrderRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import {
  accessTokenVerifierFromEnvironment,
  callerJsonBodyHandler,
  createDocumentClient,
  createSignedFetch,
  readEnvironment,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import { ORDER_MODIFIED } from '@ecommerce/shared-events/validators';
import { createOrderRepository } from '../../adapters/order-repository.js';
import { createProductsApiCatalogue } from '../../adapters/product-catalogue.js';
import { modifyOrder, type ModifyOrderDependencies } from './modify-order.js';

export const createHandler = (dependencies: ModifyOrderDependencies, verify: VerifyAccessToken) =>
  callerJsonBodyHandler<ModifyOrderRequest>(
    verify,
    (body) => issuesAgainst(schemas.ModifyOrderRequest, body),
    (request) => modifyOrder(dependencies, request),
  );

const env = readEnvironment(['ORDERS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'PRODUCTS_API_URL', 'AWS_REGION']);
const publisher = createEventPublisher({
  source: 'orders',
  topicArn: env.ORDER_EVENTS_TOPIC_ARN,
  validators: { ORDER_MODIFIED },
});
const client = createDocumentClient();

export const main = createHandler(
  {
    catalogue: createProductsApiCatalogue({
      baseUrl: env.PRODUCTS_API_URL,
      fetch: createSignedFetch({ region: env.AWS_REGION }),
    }),
    orders: createOrderRepository({ tableName: env.ORDERS_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.ORDERS_TABLE, client, sender: publisher }),
    publisher,
  },
  accessTokenVerifierFromEnvironment(),
);
