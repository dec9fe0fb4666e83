import type { CreateOrderRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { callerJsonBodyHandler, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { createOrder, type CreateOrderDependencies } from './create-order.js';

export const createHandler = (dependencies: CreateOrderDependencies, verify: VerifyAccessToken) =>
  callerJsonBodyHandler<CreateOrderRequest>(
    verify,
    (body) => issuesAgainst(schemas.CreateOrderRequest, body),
    (request) => createOrder(dependencies, request),
  );
