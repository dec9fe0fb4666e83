import { createEventSubscriber } from '@ecommerce/shared-events';
import type { BillingDependencies } from '../charge-invoice/charge-invoice.js';
import { budgetFor, wireBilling } from '../wiring.js';
import { refundPayment } from './refund-payment.js';

export const createHandler = (dependencies: BillingDependencies) => {
  const refund = (event: Parameters<typeof refundPayment>[1], context: { getRemainingTimeInMillis(): number }) =>
    refundPayment(dependencies, event, budgetFor(context.getRemainingTimeInMillis()));
  return createEventSubscriber({ SHIPMENT_ERROR: refund, ORDER_CANCELLED: refund });
};

export const main = createHandler(wireBilling());
