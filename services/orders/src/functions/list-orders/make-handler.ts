import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import type { OrderPage } from '@ecommerce/api-client';
import {
  callerHandler,
  encodeCursor,
  HttpError,
  invalidRequest,
  json,
  maySee,
  pageRequest,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { customerOrdersKey, type OrderRepository } from '../../adapters/order-repository.js';

/**
 * GET /orders: the caller's orders, newest first, a page at a time; an operator may name any
 * customer with `customerId`. A cursor only continues the list it came from.
 */
export const createHandler = (orders: OrderRepository, verify: VerifyAccessToken) =>
  callerHandler(verify, async (request) => {
    const { caller } = request;
    const named = request.queryStringParameters?.customerId;
    if (named !== undefined) {
      const issues = issuesAgainst(schemas.Id, named);
      if (issues.length > 0) throw invalidRequest(issues.map((issue) => ({ ...issue, path: 'customerId' })));
    }
    const customerId = named ?? caller.customerId;
    if (!maySee(caller, customerId)) {
      throw new HttpError(403, 'forbidden', "Only operators may list another customer's orders.");
    }
    const { limit, after } = pageRequest(request, customerOrdersKey);
    if (after && after.customerId !== customerId) {
      throw invalidRequest([{ path: 'cursor', message: "continues another customer's list" }]);
    }
    const page = await orders.listByCustomer(customerId, limit, after);
    const body: OrderPage = { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
    return json(200, body);
  });
