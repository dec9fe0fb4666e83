import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { PAYMENT_REFUNDED } from '@ecommerce/shared-events/validators';
import type { CreateInvoiceDependencies } from '../../use-cases/invoice-dependencies.js';
import { retryLostNumbers } from '../../use-cases/issue-under-next-number.js';
import { createCreditNote } from './create-credit-note.js';

export const createHandler = (dependencies: CreateInvoiceDependencies) =>
  createEventSubscriber(
    {
      PAYMENT_REFUNDED: (event, context) => createCreditNote(dependencies, event, retryLostNumbers(retryBudget(context))),
    },
    { PAYMENT_REFUNDED },
  );
