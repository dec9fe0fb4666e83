import { accessTokenVerifierFromEnvironment, callerHandler, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { ORDER_CANCELLED } from '@ecommerce/shared-events/validators';
import { wireOrderWrites } from '../../wiring.js';
import { cancelOrder, type CancelOrderDependencies } from './cancel-order.js';

export const createHandler = (dependencies: CancelOrderDependencies, verify: VerifyAccessToken) =>
  callerHandler(verify, (request) => cancelOrder(dependencies, request));

const { orders, events } = wireOrderWrites({ ORDER_CANCELLED });

export const main = createHandler({ orders, events }, accessTokenVerifierFromEnvironment());
