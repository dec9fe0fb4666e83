import { randomUUID } from 'node:crypto';
import type { InternalOrder } from '@ecommerce/api-client';
import { describeDualWrites } from '@ecommerce/outbox/dual-write-suite';
import { exampleData, exampleEvent } from '@ecommerce/shared-events';
import { createShipmentRepository } from '../src/adapters/shipment-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { bookShipment } from '../src/functions/book-shipment/book-shipment.js';

const tableName = 'shipment-local';
const client = createDocumentClient();
const order = {
  items: exampleData.ORDER_CREATED.items,
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
} as InternalOrder;

describeDualWrites('a shipment and its SHIPPED', 'shipment', {
  tableName,
  client,
  runs: 20,
  announcedBy: 'SHIPPED',
  input: () => exampleEvent('PAYMENT_CONFIRMED', { id: randomUUID(), orderId: randomUUID() }),
  act: (payment, faulty) =>
    bookShipment(
      {
        shipments: createShipmentRepository({ tableName, client: faulty.client }),
        outbox: faulty.outbox,
        orders: { lock: async () => ({ locked: true, order }), release: async () => {} },
        carrier: {
          book: async () => ({ booked: true, shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1' }),
          cancel: async () => 'cancelled',
        },
        publisher: faulty.publisher('shipment'),
      },
      payment,
      5_000,
    ),
  isStored: async ({ orderId }) => (await createShipmentRepository({ tableName, client }).get(orderId)) !== undefined,
});
