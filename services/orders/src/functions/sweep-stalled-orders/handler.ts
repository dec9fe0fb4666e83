import { createDocumentClient, readEnvironment } from '@ecommerce/lambda-kit';
import { observedTask } from '@ecommerce/observability';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import { ORDER_CANCELLED } from '@ecommerce/shared-events/validators';
import { createOrderRepository } from '../../adapters/order-repository.js';
import { parseStepDeadlines } from '../../domain/deadlines.js';
import { sweepStalledOrders } from './sweep-stalled-orders.js';

const env = readEnvironment(['ORDERS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'STEP_DEADLINES', 'CANCEL_STALLED_AFTER']);
// A deadline that cannot be read fails the cold start, with what is wrong in the message.
const deadlines = parseStepDeadlines(env.STEP_DEADLINES, env.CANCEL_STALLED_AFTER);
const publisher = createEventPublisher({
  source: 'orders',
  topicArn: env.ORDER_EVENTS_TOPIC_ARN,
  validators: { ORDER_CANCELLED },
});
const client = createDocumentClient();

/** On a schedule: marks the orders past their step's deadline stalled, and cancels those past the final one. */
export const main = observedTask(() =>
  sweepStalledOrders({
    orders: createOrderRepository({ tableName: env.ORDERS_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.ORDERS_TABLE, client, sender: publisher }),
    publisher,
    deadlines,
  }),
);
