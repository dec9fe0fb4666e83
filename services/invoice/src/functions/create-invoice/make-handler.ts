import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { ORDER_CREATED } from '@ecommerce/shared-events/validators';
import { retryLostNumbers } from '../../use-cases/issue-under-next-number.js';
import type { CreateInvoiceDependencies } from '../../use-cases/invoice-dependencies.js';
import { createInvoice } from './create-invoice.js';

export const createHandler = (dependencies: CreateInvoiceDependencies) =>
  createEventSubscriber(
    { ORDER_CREATED: (event, context) => createInvoice(dependencies, event, retryLostNumbers(retryBudget(context))) },
    { ORDER_CREATED },
  );
