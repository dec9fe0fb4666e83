import { createParcelBookings } from '@ecommerce/api-client';
import { createDocumentClient, createSignedFetch, readEnvironment } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import { SHIPMENT_ERROR, SHIPPED } from '@ecommerce/shared-events/validators';
import { createCarrierClient } from './adapters/carrier.js';
import { createShipmentRepository } from './adapters/shipment-repository.js';
import type { ShipmentDependencies } from './use-cases/shipment-dependencies.js';

/** The real adapters of the shipment functions, built once per cold start. */
export const wireShipment = (): ShipmentDependencies => {
  const env = readEnvironment(['SHIPMENTS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'ORDERS_API_URL', 'CARRIER_API_URL', 'AWS_REGION']);
  const client = createDocumentClient();
  const publisher = createEventPublisher({
    source: 'shipment',
    topicArn: env.ORDER_EVENTS_TOPIC_ARN,
    validators: { SHIPPED, SHIPMENT_ERROR },
  });
  return {
    shipments: createShipmentRepository({ tableName: env.SHIPMENTS_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.SHIPMENTS_TABLE, client, sender: publisher, owner: 'shipment' }),
    orders: createParcelBookings({ baseUrl: env.ORDERS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
    carrier: createCarrierClient({ baseUrl: env.CARRIER_API_URL }),
    publisher,
  };
};
