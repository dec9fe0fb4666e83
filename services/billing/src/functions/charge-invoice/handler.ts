import { createEventSubscriber } from '@ecommerce/shared-events';
import { budgetFor, wireBilling } from '../wiring.js';
import { chargeInvoice, type BillingDependencies } from './charge-invoice.js';

export const createHandler = (dependencies: BillingDependencies) =>
  createEventSubscriber({
    INVOICE_CREATED: (event, context) => chargeInvoice(dependencies, event, budgetFor(context.getRemainingTimeInMillis())),
  });

export const main = createHandler(wireBilling());
