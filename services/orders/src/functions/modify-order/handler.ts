import type { ModifyOrderRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { accessTokenVerifierFromEnvironment, callerJsonBodyHandler, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { ORDER_MODIFIED } from '@ecommerce/shared-events/validators';
import { wireCatalogue, wireOrderWrites } from '../../wiring.js';
import { modifyOrder, type ModifyOrderDependencies } from './modify-order.js';

export const createHandler = (dependencies: ModifyOrderDependencies, verify: VerifyAccessToken) =>
  callerJsonBodyHandler<ModifyOrderRequest>(
    verify,
    (body) => issuesAgainst(schemas.ModifyOrderRequest, body),
    (request) => modifyOrder(dependencies, request),
  );

const { orders, events } = wireOrderWrites({ ORDER_MODIFIED });

export const main = createHandler({ catalogue: wireCatalogue(), orders, events }, accessTokenVerifierFromEnvironment());
