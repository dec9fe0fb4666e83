import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import { ORDER_CANCELLED, ORDER_MODIFIED, SHIPMENT_ERROR } from '@ecommerce/shared-events/validators';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { wireBilling } from '../../wiring.js';
import { refundChange, refundPayment, type RefundCause } from './refund-payment.js';

export const createHandler = (dependencies: BillingDependencies) => {
  const refund = (event: RefundCause, context: { getRemainingTimeInMillis(): number }) =>
    refundPayment(dependencies, event, retryBudget(context));
  return createEventSubscriber(
    {
      SHIPMENT_ERROR: refund,
      ORDER_CANCELLED: refund,
      ORDER_MODIFIED: (event, context) => refundChange(dependencies, event, retryBudget(context)),
    },
    { SHIPMENT_ERROR, ORDER_CANCELLED, ORDER_MODIFIED },
  );
};

export const main = createHandler(wireBilling());
