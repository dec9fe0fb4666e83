import {
  invoiceCreatedData,
  orderCancelledData,
  orderCreatedData,
  orderModifiedData,
  paymentConfirmedData,
  paymentFailedData,
  paymentRefundedData,
  shipmentErrorData,
  shippedData,
} from './schemas/events.js';

/**
 * Every event on the order-events topic: who emits it, its version and its payload schema.
 * This object is the single source of the contract: the JSON Schemas, the TypeScript types,
 * the validators and resources/events.yaml are all derived from it.
 */
export const eventCatalog = {
  ORDER_CREATED: {
    version: 1,
    source: 'orders',
    summary: 'An order passed every check and was persisted.',
    data: orderCreatedData,
  },
  ORDER_MODIFIED: {
    version: 1,
    source: 'orders',
    summary: 'The customer changed the order before it shipped.',
    data: orderModifiedData,
  },
  ORDER_CANCELLED: {
    version: 1,
    source: 'orders',
    summary: 'The order was cancelled before it shipped.',
    data: orderCancelledData,
  },
  INVOICE_CREATED: {
    version: 1,
    source: 'invoice',
    summary: 'The invoice of an order was issued.',
    data: invoiceCreatedData,
  },
  PAYMENT_CONFIRMED: {
    version: 1,
    source: 'billing',
    summary: 'The payment provider charged the customer.',
    data: paymentConfirmedData,
  },
  PAYMENT_FAILED: {
    version: 1,
    source: 'billing',
    summary: 'The payment provider refused the charge; the order ends here.',
    data: paymentFailedData,
  },
  PAYMENT_REFUNDED: {
    version: 1,
    source: 'billing',
    summary: 'A confirmed payment was refunded because the order could not ship or was cancelled.',
    data: paymentRefundedData,
  },
  SHIPPED: {
    version: 1,
    source: 'shipment',
    summary: 'The carrier accepted the parcel and gave a tracking number.',
    data: shippedData,
  },
  SHIPMENT_ERROR: {
    version: 1,
    source: 'shipment',
    summary: 'The carrier refused the parcel; the payment is refunded.',
    data: shipmentErrorData,
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type EventSource = (typeof eventCatalog)[EventType]['source'];

export const eventTypes = Object.keys(eventCatalog) as EventType[];

/** The event types a service may emit: a publisher is typed by them. */
export type EventTypeOf<S extends EventSource> = {
  [T in EventType]: (typeof eventCatalog)[T]['source'] extends S ? T : never;
}[EventType];

export const isEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && Object.hasOwn(eventCatalog, value);
