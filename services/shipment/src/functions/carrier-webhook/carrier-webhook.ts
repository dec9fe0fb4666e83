import type { CarrierWebhook } from '@ecommerce/api-client';
import { HttpError, invalidRequest } from '@ecommerce/lambda-kit';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventDraft, EventPublisher, OrderEvent } from '@ecommerce/shared-events';
import { shipmentPartition, type ShipmentRepository } from '../../adapters/shipment-repository.js';
import { parcelProgress, type ParcelEvent, type ParcelWebhookType } from '../../domain/parcel-progress.js';

export interface CarrierWebhookDependencies {
  shipments: ShipmentRepository;
  outbox: OutboxRelay;
  publisher: EventPublisher<'shipment'>;
  now?: () => Date;
}

/** What a verified, well-formed webhook did: moved a parcel, nothing (late, or a step that makes no event), or nothing again. */
export type WebhookOutcome = 'recorded' | 'unchanged' | 'duplicate';

const maxAttempts = 5;

const notFound = (webhook: CarrierWebhook) =>
  new HttpError(
    404,
    'shipment_not_found',
    `Shipment ${webhook.data.shipmentId} was never booked for ${webhook.data.reference}; nothing is recorded.`,
  );

/**
 * A return the carrier brought back, for a parcel shipment booked under that reference: RETURN_RECEIVED
 * with the return's id and label, once per webhook id (orders and billing act on a return once
 * however often it is told). What the return holds is orders' to say.
 */
const receiveReturn = async (
  { shipments, outbox, publisher, now = () => new Date() }: CarrierWebhookDependencies,
  webhook: CarrierWebhook,
): Promise<WebhookOutcome> => {
  const { reference: orderId, returnId, trackingNumber } = webhook.data;
  if (!returnId || !trackingNumber)
    throw invalidRequest([{ path: '/data', message: 'return.received must name the returnId and its trackingNumber' }]);
  const shipment = await shipments.get(orderId);
  if (!shipment?.carrier || shipment.shipmentId !== webhook.data.shipmentId) throw notFound(webhook);
  const event = publisher.build({
    type: 'RETURN_RECEIVED',
    orderId,
    data: { returnId, carrier: shipment.carrier, trackingNumber },
  });
  const outcome = await shipments.recordWebhook({ orderId, webhookId: webhook.id, receivedAt: now().toISOString(), event });
  if (outcome === 'duplicate') return 'duplicate';
  await outbox.settle(shipmentPartition(orderId), event);
  return 'recorded';
};

/**
 * Records what the carrier says of a parcel, once per webhook id, and moves the shipment forward
 * only: the webhook, the shipment and its event (DELIVERED, DELIVERY_FAILED, PARCEL_RETURNED) are
 * one transaction, so a webhook sent twice, or two of them at once, have one effect. A webhook about
 * a shipment shipment never booked under that reference is refused (404) and records nothing.
 */
export const receiveCarrierWebhook = async (
  dependencies: CarrierWebhookDependencies,
  webhook: CarrierWebhook,
): Promise<WebhookOutcome> => {
  if (webhook.type === 'return.received') return receiveReturn(dependencies, webhook);
  const { shipments, outbox, publisher, now = () => new Date() } = dependencies;
  const orderId = webhook.data.reference;
  const type = webhook.type as ParcelWebhookType;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const shipment = await shipments.get(orderId);
    if (!shipment || shipment.shipmentId !== webhook.data.shipmentId) throw notFound(webhook);
    const progress = parcelProgress(shipment, { ...webhook, type }, now());
    const event: OrderEvent | undefined =
      progress.moves && progress.event
        ? publisher.build({ ...progress.event, orderId } as EventDraft<ParcelEvent['type']>)
        : undefined;
    const outcome = await shipments.recordWebhook({
      orderId,
      webhookId: webhook.id,
      receivedAt: now().toISOString(),
      ...(progress.moves ? { shipment: { next: progress.shipment, from: shipment.status } } : {}),
      ...(event ? { event } : {}),
    });
    if (outcome === 'conflict') continue;
    if (outcome === 'duplicate') return 'duplicate';
    if (event) await outbox.settle(shipmentPartition(orderId), event);
    return progress.moves ? 'recorded' : 'unchanged';
  }
  throw new Error(
    `shipment of order ${orderId} kept changing under webhook ${webhook.id}; giving up after ${maxAttempts} attempts`,
  );
};
