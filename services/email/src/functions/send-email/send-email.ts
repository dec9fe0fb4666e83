import type { OrdersReader } from '@ecommerce/api-client';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { Mailer } from '../../adapters/mailer.js';
import type { SentEmails } from '../../adapters/sent-emails.js';
import { messageFor } from '../../domain/messages.js';

export interface EmailDependencies {
  orders: OrdersReader;
  mailer: Mailer;
  sent: SentEmails;
  now?: () => Date;
}

/** Tells the customer about an event of their order, once per event. */
export const sendEmail = async (
  { orders, mailer, sent, now = () => new Date() }: EmailDependencies,
  event: OrderEvent,
): Promise<void> => {
  // Claimed first: a duplicate delivery stops here, before it costs a call to orders.
  if (!(await sent.claim(event.id, now()))) return;
  try {
    const order = await orders.get(event.orderId);
    const { messageId } = await mailer.send(messageFor(event, order), { eventType: event.type, orderId: event.orderId });
    await sent.markSent(event.id, messageId, now());
  } catch (error) {
    await sent.release(event.id);
    throw error;
  }
};
