import {
  creditNoteCreatedData,
  deliveredData,
  deliveryFailedData,
  invoiceCreatedData,
  orderCancelledData,
  orderCreatedData,
  orderModifiedDataV1,
  orderModifiedDataV2,
  paymentActionRequiredData,
  paymentConfirmedData,
  paymentFailedData,
  paymentRefundedData,
  parcelReturnedData,
  returnReceivedData,
  returnRequestedData,
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
    version: 2,
    source: 'orders',
    summary:
      'The order changed before its parcel was booked (its customer changed the address, or an operator changed the items): the order before and after, and what changed.',
    data: orderModifiedDataV2,
  },
  ORDER_CANCELLED: {
    version: 1,
    source: 'orders',
    summary: 'The order was cancelled before it shipped.',
    data: orderCancelledData,
  },
  RETURN_REQUESTED: {
    version: 1,
    source: 'orders',
    summary: 'The customer asked to send lines of a delivered order back; the carrier booked the return label.',
    data: returnRequestedData,
  },
  INVOICE_CREATED: {
    version: 1,
    source: 'invoice',
    summary: 'The invoice of an order was issued.',
    data: invoiceCreatedData,
  },
  CREDIT_NOTE_CREATED: {
    version: 1,
    source: 'invoice',
    summary: 'A credit note was issued against an invoice for money given back to the customer (one per refund).',
    data: creditNoteCreatedData,
  },
  PAYMENT_CONFIRMED: {
    version: 1,
    source: 'billing',
    summary: 'The payment provider charged the customer.',
    data: paymentConfirmedData,
  },
  PAYMENT_ACTION_REQUIRED: {
    version: 1,
    source: 'billing',
    summary:
      'The payment provider asks the customer to authenticate the payment (3-D Secure) at nextActionUrl; its outcome comes later, as PAYMENT_CONFIRMED or PAYMENT_FAILED.',
    data: paymentActionRequiredData,
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
  DELIVERED: {
    version: 1,
    source: 'shipment',
    summary: 'The carrier delivered the parcel (its signed webhook said so): where a good order ends.',
    data: deliveredData,
  },
  DELIVERY_FAILED: {
    version: 1,
    source: 'shipment',
    summary: 'The carrier gave up delivering the parcel after its attempts; the parcel comes back and the payment is refunded.',
    data: deliveryFailedData,
  },
  PARCEL_RETURNED: {
    version: 1,
    source: 'shipment',
    summary: 'A parcel the carrier could not deliver is back with the sender.',
    data: parcelReturnedData,
  },
  RETURN_RECEIVED: {
    version: 1,
    source: 'shipment',
    summary: 'The carrier brought back what a customer returned (a return orders accepted); billing refunds those lines.',
    data: returnReceivedData,
  },
} as const;

/**
 * Versions of a type that are no longer emitted but still accepted: a change that would break a
 * consumer is a new version, and every consumer accepts the earlier ones as long as they are listed
 * here (events may still be in flight, in an outbox or in a dead-letter queue).
 */
export const earlierVersions = {
  ORDER_MODIFIED: {
    1: {
      summary: 'The customer changed the order before it shipped (the new values only).',
      data: orderModifiedDataV1,
    },
  },
} as const;

export type EventType = keyof typeof eventCatalog;
export type VersionedEventType = keyof typeof earlierVersions;

/** Every version of a type that consumers accept, earliest first; the last is the one producers emit. */
export const acceptedVersions = (type: EventType): number[] => [
  ...Object.keys((earlierVersions as Partial<Record<EventType, object>>)[type] ?? {}).map(Number),
  eventCatalog[type].version,
];

/** The payload schema and summary of one version of a type. */
export const catalogEntry = (
  type: EventType,
  version: number = eventCatalog[type].version,
): { summary: string; data: object } => {
  if (version === eventCatalog[type].version) return eventCatalog[type];
  const entry = (earlierVersions as Partial<Record<EventType, Record<number, { summary: string; data: object }>>>)[type]?.[
    version
  ];
  if (!entry) throw new Error(`${type} has no version ${version}`);
  return entry;
};
export type EventSource = (typeof eventCatalog)[EventType]['source'];

export const eventTypes = Object.keys(eventCatalog) as EventType[];

/** The event types a service may emit: a publisher is typed by them. */
export type EventTypeOf<S extends EventSource> = {
  [T in EventType]: (typeof eventCatalog)[T]['source'] extends S ? T : never;
}[EventType];

export const isEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && Object.hasOwn(eventCatalog, value);
