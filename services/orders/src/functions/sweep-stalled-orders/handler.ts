import { readEnvironment } from '@ecommerce/lambda-kit';
import { observedTask } from '@ecommerce/observability';
import { ORDER_CANCELLED } from '@ecommerce/shared-events/validators';
import { parseStepDeadlines } from '../../domain/deadlines.js';
import { wireOrderWrites } from '../../wiring.js';
import { sweepStalledOrders } from './sweep-stalled-orders.js';

const env = readEnvironment(['STEP_DEADLINES', 'CANCEL_STALLED_AFTER']);
// A deadline that cannot be read fails the cold start, with what is wrong in the message.
const deadlines = parseStepDeadlines(env.STEP_DEADLINES, env.CANCEL_STALLED_AFTER);
const { orders, events } = wireOrderWrites({ ORDER_CANCELLED });

/** On a schedule: marks the orders past their step's deadline stalled, and cancels those past the final one. */
export const main = observedTask(() => sweepStalledOrders({ orders, events, deadlines }));
