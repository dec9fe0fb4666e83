import { randomUUID } from 'node:crypto';
import type { InternalOrder } from '@ecommerce/api-client';
import { reportFigure } from '@ecommerce/local-cloud';
import { createOutboxRelay } from '@ecommerce/outbox';
import { crashPoints, measureDualWrites } from '@ecommerce/outbox/fault-injection';
import { createEventPublisher, exampleData, exampleEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it, vi } from 'vitest';
import { createShipmentRepository } from '../src/adapters/shipment-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { bookShipment } from '../src/functions/book-shipment/book-shipment.js';

const tableName = 'shipment-local';
const client = createDocumentClient();
const runs = 20;
const order = {
  items: exampleData.ORDER_CREATED.items,
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
} as InternalOrder;

describe('a shipment and its SHIPPED, when the process dies anywhere between them', () => {
  it.each(crashPoints)('are both kept or both absent once the outbox is swept (process dies %s)', async (crashPoint) => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const outcome = await measureDualWrites({
      tableName,
      client,
      crashPoint,
      runs,
      announcedBy: 'SHIPPED',
      input: () => exampleEvent('PAYMENT_CONFIRMED', { id: randomUUID(), orderId: randomUUID() }),
      act: (payment, faulty, recorder) =>
        bookShipment(
          {
            shipments: createShipmentRepository({ tableName, client: faulty.client }),
            outbox: createOutboxRelay({ tableName, client: faulty.client, sender: faulty.sender }),
            orders: { claim: async () => ({ claimed: true, order }), release: async () => {} },
            carrier: {
              book: async () => ({ booked: true, shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1' }),
              cancel: async () => 'cancelled',
            },
            publisher: createEventPublisher({
              source: 'shipment',
              validators: eventValidators,
              topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
              sns: recorder as never,
            }),
          },
          payment,
          5_000,
        ),
      isStored: async ({ orderId }) => (await createShipmentRepository({ tableName, client }).get(orderId)) !== undefined,
    });

    reportFigure('no dual-write loss, shipment', { crashPoint, ...outcome });
    expect(outcome).toMatchObject({
      runs,
      lostEvents: 0,
      phantomEvents: 0,
      stored: crashPoint === 'before the commit' ? 0 : runs,
    });
    vi.restoreAllMocks();
  });
});
