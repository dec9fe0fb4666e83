import { deliverAll, type DeliverAllOptions } from '@ecommerce/webhooks/deliver';
import type { Store } from './store.js';
import { webhookTasks, type WebhookEvent } from './stripe-api.js';

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

/**
 * Sends the events waiting to the webhook endpoint as Stripe does: signed in `Stripe-Signature`,
 * tried again with backoff while it answers no 2xx, now and then twice, and those of one run in a
 * shuffled order. Each event is taken by one run only.
 */
export const sendDueWebhooks = async (
  store: Pick<Store, 'takeDueTasks'>,
  { url, secret }: WebhookEndpoint,
  options: Partial<DeliverAllOptions> = {},
): Promise<number> => {
  const events = await store.takeDueTasks<WebhookEvent>(webhookTasks, Date.now());
  await deliverAll(
    events.map((event) => ({ url, body: JSON.stringify(event) })),
    { secret, signatureHeader: 'Stripe-Signature', outOfOrder: true, duplicateProbability: 0.2, retryForMs: 60_000, ...options },
  );
  return events.length;
};
