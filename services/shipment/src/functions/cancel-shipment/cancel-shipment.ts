import { retryTransient } from '@ecommerce/lambda-kit';
import type { OrderEvent } from '@ecommerce/shared-events';
import { TransientCarrierError } from '../../adapters/carrier.js';
import type { ShipmentDependencies } from '../../use-cases/shipment-dependencies.js';

/**
 * When an order is cancelled after its parcel was booked, and the carrier has not collected it yet,
 * cancels the booking with the carrier, so that nothing ships to a customer whose money goes back.
 * Orders refuses a customer's cancellation once shipment has locked the order (see bookShipment),
 * so this is the safety net for a cancellation that got past that lock (one decided by the system,
 * or a booking the carrier made although its answer was lost). Idempotent: a cancelled booking is
 * left as it is, and the carrier answers a repeated cancellation as the first.
 *
 * A parcel the carrier has already collected cannot be called back: the order is then both shipped
 * and refunded, which must never happen silently. The delivery fails, is retried, and ends in the
 * dead-letter queue, whose alarm tells the operators.
 */
export const cancelShipment = async (
  { shipments, carrier, now = () => new Date() }: Pick<ShipmentDependencies, 'shipments' | 'carrier' | 'now'>,
  cancellation: OrderEvent<'ORDER_CANCELLED'>,
  budgetMs: number,
): Promise<void> => {
  const { orderId } = cancellation;
  const shipment = await shipments.get(orderId);
  if (shipment?.status !== 'booked' || !shipment.shipmentId) return;
  const { shipmentId } = shipment;
  const outcome = await retryTransient(() => carrier.cancel(shipmentId), {
    isTransient: (error) => error instanceof TransientCarrierError,
    budgetMs,
  });
  if (outcome === 'collected') {
    throw new Error(
      `order ${orderId} was cancelled (${cancellation.id}) after the carrier collected its parcel ${shipmentId}: it ships and is refunded`,
    );
  }
  await shipments.update({ ...shipment, status: 'cancelled', updatedAt: now().toISOString() }, 'booked');
};
