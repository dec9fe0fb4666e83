import type { ParcelBookings } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher } from '@ecommerce/shared-events';
import type { Carrier } from '../adapters/carrier.js';
import type { ShipmentRepository } from '../adapters/shipment-repository.js';

/** What booking and cancelling a shipment need, built once per cold start (src/wiring.ts). */
export interface ShipmentDependencies {
  shipments: ShipmentRepository;
  outbox: OutboxRelay;
  /** Orders' lock on an order before its parcel is booked. */
  orders: ParcelBookings;
  carrier: Carrier;
  publisher: EventPublisher<'shipment'>;
  now?: () => Date;
}
