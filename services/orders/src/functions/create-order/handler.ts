import type { CreateOrderRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { accessTokenVerifierFromEnvironment, callerJsonBodyHandler, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { ORDER_CREATED } from '@ecommerce/shared-events/validators';
import { createUserPoolEmails, keepingVerifiedEmails } from '../../adapters/customer-emails.js';
import { createIdempotencyStore } from '../../adapters/idempotency-store.js';
import { wireCatalogue, wireOrderWrites } from '../../wiring.js';
import { createOrder, type CreateOrderDependencies } from './create-order.js';

export const createHandler = (dependencies: CreateOrderDependencies, verify: VerifyAccessToken) =>
  callerJsonBodyHandler<CreateOrderRequest>(
    verify,
    (body) => issuesAgainst(schemas.CreateOrderRequest, body),
    (request) => createOrder(dependencies, request),
  );

const { tableName, client, orders, events } = wireOrderWrites({ ORDER_CREATED });

export const main = createHandler(
  {
    catalogue: wireCatalogue(),
    emails: keepingVerifiedEmails(createUserPoolEmails(), { maxAgeMs: 60_000 }),
    orders,
    events,
    keys: createIdempotencyStore({ tableName, client }),
  },
  accessTokenVerifierFromEnvironment(),
);
