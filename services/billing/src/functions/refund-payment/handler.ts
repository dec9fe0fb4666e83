import { retryBudget } from '@ecommerce/lambda-kit';
import { createEventSubscriber } from '@ecommerce/shared-events';
import {
  DELIVERY_FAILED,
  ORDER_CANCELLED,
  ORDER_MODIFIED,
  PARCEL_RETURNED,
  RETURN_RECEIVED,
  SHIPMENT_ERROR,
} from '@ecommerce/shared-events/validators';
import type { BillingDependencies } from '../../use-cases/billing-dependencies.js';
import { wireBilling } from '../../wiring.js';
import { refundChange, refundPayment, refundReturn, type RefundCause } from './refund-payment.js';

export const createHandler = (dependencies: BillingDependencies) => {
  const refund = (event: RefundCause, context: { getRemainingTimeInMillis(): number }) =>
    refundPayment(dependencies, event, retryBudget(context));
  return createEventSubscriber(
    {
      SHIPMENT_ERROR: refund,
      ORDER_CANCELLED: refund,
      DELIVERY_FAILED: refund,
      PARCEL_RETURNED: refund,
      ORDER_MODIFIED: (event, context) => refundChange(dependencies, event, retryBudget(context)),
      RETURN_RECEIVED: (event, context) => refundReturn(dependencies, event, retryBudget(context)),
    },
    { SHIPMENT_ERROR, ORDER_CANCELLED, ORDER_MODIFIED, DELIVERY_FAILED, PARCEL_RETURNED, RETURN_RECEIVED },
  );
};

export const main = createHandler(wireBilling());
