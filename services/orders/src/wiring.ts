import { createDocumentClient, createSignedFetch, readEnvironment } from '@ecommerce/lambda-kit';
import { createEventBuilder, type EventTypeOf, type EventValidators } from '@ecommerce/shared-events';
import { createOrderRepository } from './adapters/order-repository.js';
import { cachedCatalogue, createProductsApiCatalogue } from './adapters/product-catalogue.js';

/**
 * The adapters of a function that writes orders and announces what it wrote through the outbox, which the table's stream relays
 * (placing, changing, cancelling an order; the sweep of stalled orders), built once per cold start.
 * Each function passes the validators of the events it emits only, so its bundle carries no other schema.
 */
export const wireOrderWrites = <E extends EventTypeOf<'orders'>>(validators: EventValidators<E>) => {
  const env = readEnvironment(['ORDERS_TABLE']);
  const client = createDocumentClient();
  return {
    tableName: env.ORDERS_TABLE,
    client,
    orders: createOrderRepository({ tableName: env.ORDERS_TABLE, client }),
    events: createEventBuilder({ source: 'orders', validators }),
  };
};

/**
 * The catalogue that prices an order: products' API, each request signed for its IAM authorizer,
 * with the products it named cached for 30 s (an old price is accepted for at most that long after a
 * change; see cachedCatalogue).
 */
export const wireCatalogue = () => {
  const env = readEnvironment(['PRODUCTS_API_URL', 'AWS_REGION']);
  return cachedCatalogue(
    createProductsApiCatalogue({ baseUrl: env.PRODUCTS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
    { maxAgeMs: 30_000 },
  );
};
