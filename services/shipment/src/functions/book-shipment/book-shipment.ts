import type { OrdersReader } from '@ecommerce/api-client';
import { retryTransient } from '@ecommerce/lambda-kit';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher, OrderEvent } from '@ecommerce/shared-events';
import { TransientCarrierError, type Carrier } from '../../adapters/carrier.js';
import { shipmentPartition, type ShipmentRepository } from '../../adapters/shipment-repository.js';
import { bookingKey, parcelsOf } from '../../domain/shipment.js';

export interface ShipmentDependencies {
  shipments: ShipmentRepository;
  outbox: OutboxRelay;
  orders: OrdersReader;
  carrier: Carrier;
  publisher: EventPublisher<'shipment'>;
  now?: () => Date;
}

/**
 * Books the parcel of a paid order with the carrier, then announces SHIPPED with the tracking
 * number, or SHIPMENT_ERROR with the carrier's reason. One booking per order, however often the
 * payment is announced; none for an order cancelled meanwhile.
 */
export const bookShipment = async (
  { shipments, outbox, orders, carrier, publisher, now = () => new Date() }: ShipmentDependencies,
  payment: OrderEvent<'PAYMENT_CONFIRMED'>,
  budgetMs: number,
): Promise<void> => {
  const { orderId } = payment;
  const deadline = Date.now() + budgetMs;
  if (!(await shipments.get(orderId))) {
    const order = await orders.get(orderId, { timeoutMs: deadline - Date.now() });
    // Cancelled while it was being paid for: nothing to send (billing refunds the payment).
    if (order.status === 'CANCELLED') return;
    const booking = await retryTransient(
      () =>
        carrier.book({
          reference: orderId,
          recipient: order.deliveryAddress,
          parcels: parcelsOf(order),
          idempotencyKey: bookingKey(orderId),
        }),
      { isTransient: (error) => error instanceof TransientCarrierError, budgetMs: deadline - Date.now() },
    );
    const updatedAt = now().toISOString();
    if (booking.booked) {
      const { shipmentId, carrier: carrierName, trackingNumber } = booking;
      const event = publisher.build({
        type: 'SHIPPED',
        orderId,
        causationId: payment.id,
        data: { shipmentId, carrier: carrierName, trackingNumber },
      });
      await shipments.create({ orderId, status: 'booked', shipmentId, carrier: carrierName, trackingNumber, updatedAt }, event);
    } else {
      const event = publisher.build({
        type: 'SHIPMENT_ERROR',
        orderId,
        causationId: payment.id,
        data: { reason: { code: booking.code, message: booking.message } },
      });
      await shipments.create({ orderId, status: 'refused', updatedAt }, event);
    }
  }
  await outbox.flush(shipmentPartition(orderId));
};
