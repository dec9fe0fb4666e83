import type { OrderEvent } from './types.js';

/**
 * The reason code of a partial refund: billing gives back the difference when an operator lowered a
 * paid order (ORDER_MODIFIED). Unlike every other refund, it does not end the order: it goes on to
 * be shipped. Producer and consumers read the one constant.
 */
export const partialRefundReason = 'order_modified';

/** The reason code of the refund of a return the carrier brought back: part of the payment, the order stays DELIVERED. */
export const returnRefundReason = 'return_received';

/** Whether a refund gives back only part of the payment, leaving the order where it is. */
export const isPartialRefund = (event: OrderEvent<'PAYMENT_REFUNDED'>): boolean =>
  event.data.reason.code === partialRefundReason || event.data.reason.code === returnRefundReason;
