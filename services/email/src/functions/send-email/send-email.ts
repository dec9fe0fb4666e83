import { logger } from '@ecommerce/observability';
import type { OrdersReader } from '@ecommerce/api-client';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { EmailLeases } from '../../adapters/email-leases.js';
import type { Mailer } from '../../adapters/mailer.js';
import type { OrderCopies } from '../../adapters/order-summaries.js';
import { messageFor } from '../../domain/messages.js';
import { changesOf, summaryOf, summaryOfCreated, type OrderCopy } from '../../domain/order-summary.js';

export interface EmailDependencies {
  /** Read only for an event that comes before its order's ORDER_CREATED, while email has no summary of the order. */
  // Never the payment token: email reads the order as other services see it.
  orders: Pick<OrdersReader, 'get'>;
  summaries: OrderCopies;
  mailer: Mailer;
  leases: EmailLeases;
  now?: () => Date;
}

/**
 * The order as email knows it: the summary its lease answered (ORDER_CREATED's kept by the lease
 * itself), or, for an event that comes before ORDER_CREATED, the order read once from orders and
 * kept for the next ones.
 */
const knownOrder = async (
  { orders, summaries, now = () => new Date() }: EmailDependencies,
  event: OrderEvent,
  kept: OrderCopy | undefined,
): Promise<OrderCopy> => {
  if (kept) return kept;
  const order = await orders.get(event.orderId);
  return summaries.keep(summaryOf(order), new Date(order.updatedAt), now());
};

/** ORDER_MODIFIED changes the summary first, so that its email and every later one go to the new address. */
const summaryFor = async (dependencies: EmailDependencies, event: OrderEvent, kept: OrderCopy | undefined) => {
  const summary = await knownOrder(dependencies, event, kept);
  if (event.type !== 'ORDER_MODIFIED') return summary;
  return dependencies.summaries.applyChanges(event.orderId, changesOf(event), new Date(event.time));
};

/** Tells the customer about an event of their order, once per event. */
export const sendEmail = async (dependencies: EmailDependencies, event: OrderEvent): Promise<void> => {
  const { mailer, leases, now = () => new Date() } = dependencies;
  // Leased first: a duplicate delivery stops here, before it reads or writes anything else.
  const keep = event.type === 'ORDER_CREATED' ? { summary: summaryOfCreated(event), asOf: new Date(event.time) } : undefined;
  const lease = await leases.lease(event.orderId, event.id, now(), keep);
  if (!lease.leased) return;
  let messageId: string;
  try {
    const order = await summaryFor(dependencies, event, lease.summary);
    ({ messageId } = await mailer.send(messageFor(event, order), { eventType: event.type, orderId: event.orderId }));
  } catch (error) {
    await leases.release(event.orderId, event.id);
    throw error;
  }
  // Sent: even if marking it so fails, a retry must not send it again (the lease holds it for a minute).
  await leases
    .markSent(event.orderId, event.id, messageId)
    .catch((error: Error) => logger.error('email sent but not marked so', { cause: error.message }));
};
