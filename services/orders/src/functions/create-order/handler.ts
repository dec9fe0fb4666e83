import { randomUUID } from 'node:crypto';
import type { CreateOrderRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import { createSignedFetch, HttpError, json, jsonBodyHandler, readEnvironment } from '@ecommerce/lambda-kit';
import { createOutboxRelay, type OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, type EventPublisher } from '@ecommerce/shared-events';
import {
  createDocumentClient,
  createOrderRepository,
  orderPartition,
  type OrderRepository,
} from '../../adapters/order-repository.js';
import {
  CatalogueUnavailableError,
  createProductsApiCatalogue,
  type ProductCatalogue,
} from '../../adapters/product-catalogue.js';
import { customerView, orderCreatedData, placeOrder, requestedProductIds } from '../../domain/order.js';

export interface CreateOrderDependencies {
  catalogue: ProductCatalogue;
  orders: OrderRepository;
  outbox: Pick<OutboxRelay, 'release'>;
  publisher: EventPublisher<'orders'>;
  newId?: () => string;
  now?: () => Date;
}

export const createHandler = ({
  catalogue,
  orders,
  outbox,
  publisher,
  newId = randomUUID,
  now = () => new Date(),
}: CreateOrderDependencies) =>
  jsonBodyHandler<CreateOrderRequest>(
    (body) => issuesAgainst('CreateOrderRequest', body),
    async ({ body }) => {
      let answer;
      try {
        answer = await catalogue.lookup(requestedProductIds(body));
      } catch (error) {
        if (!(error instanceof CatalogueUnavailableError)) throw error;
        console.error(JSON.stringify({ level: 'ERROR', message: 'catalogue unavailable', cause: error.message }));
        throw new HttpError(
          503,
          'catalogue_unavailable',
          'The catalogue cannot be reached right now. Please try again in a moment.',
        );
      }

      const orderId = newId();
      const eventId = newId();
      const result = placeOrder(body, answer, { orderId, eventId, now: now() });
      if (!result.accepted) {
        throw new HttpError(422, 'order_rejected', 'The order cannot be placed as asked; see details.', result.issues);
      }

      const event = publisher.build({ id: eventId, type: 'ORDER_CREATED', orderId, data: orderCreatedData(result.order) });
      await orders.create(result.order, event);
      await outbox.release(orderPartition(orderId), event);
      return json(201, customerView(result.order), { location: `/orders/${orderId}` });
    },
  );

const env = readEnvironment(['ORDERS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'PRODUCTS_API_URL', 'AWS_REGION']);

const publisher = createEventPublisher({ source: 'orders', topicArn: env.ORDER_EVENTS_TOPIC_ARN });
const client = createDocumentClient();

export const main = createHandler({
  catalogue: createProductsApiCatalogue({ baseUrl: env.PRODUCTS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
  orders: createOrderRepository({ tableName: env.ORDERS_TABLE, client }),
  outbox: createOutboxRelay({ tableName: env.ORDERS_TABLE, client, sender: publisher }),
  publisher,
});
