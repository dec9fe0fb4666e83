import { outboxStreamFunction } from '@ecommerce/outbox';

/** Publishes each event as soon as the transaction that stored it in the outbox commits, from the table's stream. */
export const main = outboxStreamFunction('ORDERS_TABLE', 'orders');
