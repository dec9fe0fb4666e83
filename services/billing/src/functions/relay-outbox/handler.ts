import { outboxCatchUpFunction } from '@ecommerce/outbox';

/** Every minute, publishes the events that a crash between a commit and its publish left in the outbox. */
export const main = outboxCatchUpFunction('PAYMENTS_TABLE', 'billing');
