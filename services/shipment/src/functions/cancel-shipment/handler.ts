import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { ORDER_CANCELLED } from '@ecommerce/shared-events/validators';
import type { ShipmentDependencies } from '../../use-cases/shipment-dependencies.js';
import { wireShipment } from '../../wiring.js';
import { cancelShipment } from './cancel-shipment.js';

export const createHandler = (dependencies: Pick<ShipmentDependencies, 'shipments' | 'carrier'>) =>
  createEventSubscriber(
    { ORDER_CANCELLED: (event, context) => cancelShipment(dependencies, event, retryBudget(context)) },
    { ORDER_CANCELLED },
  );

export const main = createHandler(wireShipment());
