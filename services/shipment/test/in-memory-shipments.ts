import type { OrderEvent } from '@ecommerce/shared-events';
import type { ShipmentRepository } from '../src/adapters/shipment-repository.js';
import type { Shipment } from '../src/domain/shipment.js';

/** The shipments table in memory, with its conditions: `records` by order, `stored` the events written with them. */
export const inMemoryShipments = () => {
  const records = new Map<string, Shipment>();
  const webhooks = new Set<string>();
  const stored: OrderEvent[] = [];
  const shipments: ShipmentRepository = {
    get: async (orderId) => records.get(orderId),
    create: async (shipment, event) => {
      if (records.has(shipment.orderId)) return false;
      records.set(shipment.orderId, shipment);
      stored.push(event);
      return true;
    },
    update: async (shipment, from) => {
      if (records.get(shipment.orderId)?.status !== from) return false;
      records.set(shipment.orderId, shipment);
      return true;
    },
    recordWebhook: async ({ orderId, webhookId, shipment, event }) => {
      if (webhooks.has(`${orderId}/${webhookId}`)) return 'duplicate';
      if (shipment && records.get(orderId)?.status !== shipment.from) return 'conflict';
      webhooks.add(`${orderId}/${webhookId}`);
      if (shipment) records.set(orderId, shipment.next);
      if (event) stored.push(event);
      return 'recorded';
    },
  };
  return { shipments, records, stored };
};
