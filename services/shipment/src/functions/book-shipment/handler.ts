import { createOrdersReader } from '@ecommerce/api-client';
import { createDocumentClient, createSignedFetch, readEnvironment, retryBudget } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, createEventSubscriber } from '@ecommerce/shared-events';
import { PAYMENT_CONFIRMED, SHIPMENT_ERROR, SHIPPED } from '@ecommerce/shared-events/validators';
import { createCarrierClient } from '../../adapters/carrier.js';
import { createShipmentRepository } from '../../adapters/shipment-repository.js';
import { bookShipment, type ShipmentDependencies } from './book-shipment.js';

export const createHandler = (dependencies: ShipmentDependencies) =>
  createEventSubscriber(
    { PAYMENT_CONFIRMED: (event, context) => bookShipment(dependencies, event, retryBudget(context)) },
    { PAYMENT_CONFIRMED },
  );

const env = readEnvironment(['SHIPMENTS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'ORDERS_API_URL', 'CARRIER_API_URL', 'AWS_REGION']);
const client = createDocumentClient();
const publisher = createEventPublisher({
  source: 'shipment',
  topicArn: env.ORDER_EVENTS_TOPIC_ARN,
  validators: { SHIPPED, SHIPMENT_ERROR },
});

export const main = createHandler({
  shipments: createShipmentRepository({ tableName: env.SHIPMENTS_TABLE, client }),
  outbox: createOutboxRelay({ tableName: env.SHIPMENTS_TABLE, client, sender: publisher }),
  orders: createOrdersReader({ baseUrl: env.ORDERS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
  carrier: createCarrierClient({ baseUrl: env.CARRIER_API_URL }),
  publisher,
});
