import type { StalledOrderPage } from '@ecommerce/api-client';
import {
  callerHandler,
  encodeCursor,
  HttpError,
  invalidRequest,
  json,
  pageRequest,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { waitingOrdersKey, type OrderRepository } from '../../adapters/order-repository.js';
import { stalledPartition } from '../../domain/deadlines.js';

/**
 * GET /orders/stalled, for operators: the orders marked stalled that have not moved on since,
 * longest stalled first, a page at a time, from the STALLED partition of the WaitingOrders index.
 */
export const createHandler = (orders: Pick<OrderRepository, 'listWaiting'>, verify: VerifyAccessToken) =>
  callerHandler(verify, async (request) => {
    if (!request.caller.isOperator) throw new HttpError(403, 'forbidden', 'Only operators may list the stalled orders.');
    const { limit, after } = pageRequest(request, waitingOrdersKey);
    if (after && after.waitingIn !== stalledPartition) {
      throw invalidRequest([{ path: 'cursor', message: 'continues another list' }]);
    }
    const page = await orders.listWaiting(stalledPartition, { limit, after });
    const body: StalledOrderPage = {
      items: page.items.map(({ waitingSince, ...order }) => ({ ...order, stalledAt: waitingSince })),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    };
    return json(200, body);
  });
