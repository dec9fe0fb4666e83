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
  let messageId: string;
  try {
    const order = await orders.get(event.orderId);
    ({ messageId } = await mailer.send(messageFor(event, order), { eventType: event.type, orderId: event.orderId }));
  } catch (error) {
    await sent.release(event.id);
    throw error;
  }
  // Sent: even if marking it so fails, a retry must not send it again (the claim holds it for a minute).
  await sent
    .markSent(event.id, messageId, now())
    .catch((error: Error) =>
      console.error(
        JSON.stringify({ level: 'ERROR', message: 'email sent but not marked so', eventId: event.id, cause: error.message }),
      ),
    );
};
