import type { ReturnRequest } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import {
  accessTokenVerifierFromEnvironment,
  callerJsonBodyHandler,
  readEnvironment,
  type VerifyAccessToken,
} from '@ecommerce/lambda-kit';
import { RETURN_REQUESTED } from '@ecommerce/shared-events/validators';
import { createCarrierReturns } from '../../adapters/carrier-returns.js';
import { wireOrderWrites } from '../../wiring.js';
import { requestReturn, type RequestReturnDependencies } from './request-return.js';

export const createHandler = (dependencies: RequestReturnDependencies, verify: VerifyAccessToken) =>
  callerJsonBodyHandler<ReturnRequest>(
    verify,
    (body) => issuesAgainst(schemas.ReturnRequest, body),
    (request) => requestReturn(dependencies, request),
  );

const env = readEnvironment(['CARRIER_API_URL', 'RETURN_WINDOW_SECONDS']);
const { orders, events } = wireOrderWrites({ RETURN_REQUESTED });

export const main = createHandler(
  {
    orders,
    events,
    carrier: createCarrierReturns({ baseUrl: env.CARRIER_API_URL }),
    windowSeconds: Number(env.RETURN_WINDOW_SECONDS),
  },
  accessTokenVerifierFromEnvironment(),
);
