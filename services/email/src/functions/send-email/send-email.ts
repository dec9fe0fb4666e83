import { logger } from '@ecommerce/observability';
import type { OrdersReader } from '@ecommerce/api-client';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Mailer } from '../../adapters/mailer.js';
import type { OrderSummaries } from '../../adapters/order-summaries.js';
import type { SentEmails } from '../../adapters/sent-emails.js';
import { messageFor } from '../../domain/messages.js';
import { changesOf, summaryOf, summaryOfCreated, type OrderSummary } from '../../domain/order-summary.js';

export interface EmailDependencies {
  /** Read only for an event that comes before its order's ORDER_CREATED, while email has no summary of the order. */
  // Never the payment token: email reads the order as other services see it.
  orders: Pick<OrdersReader, 'get'>;
  summaries: OrderSummaries;
  mailer: Mailer;
  sent: SentEmails;
  now?: () => Date;
}

/**
 * The order as email knows it: ORDER_CREATED carries it; every other event finds it in email's
 * own table, or, when it comes before ORDER_CREATED, reads it once from orders and keeps it for
 * the next ones.
 */
const knownOrder = async (
  { orders, summaries, now = () => new Date() }: EmailDependencies,
  event: OrderEvent,
): Promise<OrderSummary> => {
  if (event.type === 'ORDER_CREATED') return summaries.keep(summaryOfCreated(event), new Date(event.time), now());
  const kept = await summaries.get(event.orderId);
  if (kept) return kept;
  const order = await orders.get(event.orderId);
  return summaries.keep(summaryOf(order), new Date(order.updatedAt), now());
};

/** ORDER_MODIFIED changes the summary first, so that its email and every later one go to the new address. */
const summaryFor = async (dependencies: EmailDependencies, event: OrderEvent): Promise<OrderSummary> => {
  const summary = await knownOrder(dependencies, event);
  if (event.type !== 'ORDER_MODIFIED') return summary;
  return dependencies.summaries.applyChanges(event.orderId, changesOf(event), new Date(event.time));
};

/** Tells the customer about an event of their order, once per event. */
export const sendEmail = async (dependencies: EmailDependencies, event: OrderEvent): Promise<void> => {
  const { mailer, sent, now = () => new Date() } = dependencies;
  // Claimed first: a duplicate delivery stops here, before it reads or writes anything else.
  if (!(await sent.claim(event.id, now()))) return;
  let messageId: string;
  try {
    const order = await summaryFor(dependencies, event);
    ({ messageId } = await mailer.send(messageFor(event, order), { eventType: event.type, orderId: event.orderId }));
  } catch (error) {
    await sent.release(event.id);
    throw error;
  }
  // Sent: even if marking it so fails, a retry must not send it again (the claim holds it for a minute).
  await sent
    .markSent(event.id, messageId, now())
    .catch((error: Error) => logger.error('email sent but not marked so', { cause: error.message }));
};
