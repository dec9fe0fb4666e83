import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { INVOICE_CREATED } from '@ecommerce/shared-events/validators';
import { wireBilling } from '../../wiring.js';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { chargeInvoice } from './charge-invoice.js';

export const createHandler = (dependencies: BillingDependencies) =>
  createEventSubscriber(
    { INVOICE_CREATED: (event, context) => chargeInvoice(dependencies, event, retryBudget(context)) },
    { INVOICE_CREATED },
  );

export const main = createHandler(wireBilling());
