import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { PAYMENT_CONFIRMED } from '@ecommerce/shared-events/validators';
import { wireShipment } from '../../wiring.js';
import type { ShipmentDependencies } from '../../use-cases/shipment-dependencies.js';
import { bookShipment } from './book-shipment.js';

export const createHandler = (dependencies: ShipmentDependencies) =>
  createEventSubscriber(
    { PAYMENT_CONFIRMED: (event, context) => bookShipment(dependencies, event, retryBudget(context)) },
    { PAYMENT_CONFIRMED },
  );

export const main = createHandler(wireShipment());
