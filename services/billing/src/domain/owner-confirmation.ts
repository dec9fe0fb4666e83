import type { Money, OrderEvent } from '@ecommerce/shared-events';
import { unrefunded, type Payment } from './payment.js';

/**
 * What billing reads of an order from its owner (GET /internal/orders/{orderId}) before it moves
 * money: an event says where to look, orders says what is owed. The status is orders' own: a
 * history entry may come from an event nobody checked, the status only moves along the lifecycle.
 */
export interface OrderAsOrdersHoldsIt {
  status: string;
  total: Money;
  items?: Array<{ productId: string; unitPrice: Money }>;
  returns?: Array<{ returnId: string; status: string; items: Array<{ productId: string; quantity: number }> }>;
}

/**
 * What a return orders holds RECEIVED is worth: its lines at the unit price paid. Nothing for a
 * return orders does not hold, or holds but not received.
 */
export const returnedValue = (order: OrderAsOrdersHoldsIt, returnId: string): number => {
  const ret = order.returns?.find((candidate) => candidate.returnId === returnId);
  if (ret?.status !== 'RECEIVED') return 0;
  const prices = new Map((order.items ?? []).map((line) => [line.productId, line.unitPrice.amount]));
  return ret.items.reduce((sum, line) => sum + (prices.get(line.productId) ?? 0) * line.quantity, 0);
};

const sameMoney = (a: Money, b: Money) => a.amount === b.amount && a.currency === b.currency;

/**
 * Whether an invoice asks for what its order costs. Invoice copies the total of the order it was
 * issued for, and an order's items (hence its total) change only after it is paid: until the charge,
 * the invoice's total and the order's are one amount. Any other amount is not the invoice's.
 */
export const chargeMatchesOrder = (invoice: OrderEvent<'INVOICE_CREATED'>, order: OrderAsOrdersHoldsIt): boolean =>
  sameMoney(invoice.data.total, order.total);

/**
 * A parcel the carrier could not deliver: DELIVERY_FAILED, or PARCEL_RETURNED when the carrier's
 * webhooks came the other way round and shipment never told the failure. Either one refunds, once.
 */
export type DeliveryFailure = 'DELIVERY_FAILED' | 'PARCEL_RETURNED';

/** What orders says of a refund's cause: owed, not owed, or not recorded by orders yet (look again). */
export type RefundVerdict = 'owed' | 'not-owed' | 'not-yet';

/**
 * Whether orders holds the order where the cause says it is. Orders writes CANCELLED in the
 * transaction that emits ORDER_CANCELLED, so a cancellation it made is always found; a
 * SHIPMENT_ERROR (or a failed delivery, while the order is SHIPPED) comes from shipment and may reach
 * billing before orders has recorded it, while the
 * order is still PARCEL_BOOKING.
 */
export const refundVerdict = (
  cause: OrderEvent<'ORDER_CANCELLED' | 'SHIPMENT_ERROR' | DeliveryFailure>['type'],
  order: Pick<OrderAsOrdersHoldsIt, 'status'>,
): RefundVerdict => {
  if (cause === 'ORDER_CANCELLED') return order.status === 'CANCELLED' ? 'owed' : 'not-owed';
  if (cause === 'DELIVERY_FAILED' || cause === 'PARCEL_RETURNED') {
    if (order.status === 'DELIVERY_FAILED' || order.status === 'PARCEL_RETURNED') return 'owed';
    return order.status === 'SHIPPED' ? 'not-yet' : 'not-owed';
  }
  if (order.status === 'SHIPMENT_ERROR') return 'owed';
  return order.status === 'PARCEL_BOOKING' ? 'not-yet' : 'not-owed';
};

/**
 * What changes of the order still owe the customer: the charge, less what the order costs now, less
 * the partial refunds already reserved. Orders writes a change before it emits ORDER_MODIFIED and
 * only ever lowers a paid order, so a change it accepted is always covered, and a change it never
 * made owes nothing, whatever its event says.
 */
export const owedForChanges = (payment: Payment, order: OrderAsOrdersHoldsIt): number => {
  if (!payment.amount || payment.amount.currency !== order.total.currency) return 0;
  return Math.max(0, unrefunded(payment) - order.total.amount);
};
