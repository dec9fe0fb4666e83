import { addressSchema, emailSchema, idSchema, moneySchema, orderLineSchema, reasonSchema } from './common.js';

/**
 * The payload (`data`) of every event type, each closed with `additionalProperties: false`.
 * A change that would break a consumer is a new event version, never an edit here.
 */

export const orderCreatedData = {
  type: 'object',
  additionalProperties: false,
  required: ['customerId', 'customerEmail', 'items', 'subtotal', 'delivery', 'total', 'deliveryAddress'],
  properties: {
    customerId: idSchema,
    customerEmail: emailSchema,
    items: { type: 'array', minItems: 1, maxItems: 100, items: orderLineSchema },
    subtotal: moneySchema,
    delivery: moneySchema,
    total: moneySchema,
    deliveryAddress: addressSchema,
  },
} as const;

export const invoiceCreatedData = {
  type: 'object',
  additionalProperties: false,
  required: ['invoiceId', 'invoiceNumber', 'subtotal', 'delivery', 'total'],
  properties: {
    invoiceId: idSchema,
    invoiceNumber: { type: 'string', minLength: 1, maxLength: 40, description: 'sequential, human-readable' },
    subtotal: moneySchema,
    delivery: moneySchema,
    total: moneySchema,
  },
} as const;

export const paymentConfirmedData = {
  type: 'object',
  additionalProperties: false,
  required: ['paymentId', 'provider', 'amount'],
  properties: {
    paymentId: { type: 'string', minLength: 1, maxLength: 255, description: "the provider's payment id" },
    provider: { type: 'string', minLength: 1, maxLength: 40 },
    amount: moneySchema,
  },
} as const;

export const paymentFailedData = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: reasonSchema,
  },
} as const;

export const paymentActionRequiredData = {
  type: 'object',
  additionalProperties: false,
  required: ['paymentId', 'provider', 'amount', 'nextActionUrl'],
  properties: {
    paymentId: { type: 'string', minLength: 1, maxLength: 255, description: "the provider's payment id" },
    provider: { type: 'string', minLength: 1, maxLength: 40 },
    amount: moneySchema,
    nextActionUrl: {
      type: 'string',
      pattern: '^https?://',
      maxLength: 2048,
      description: "where the customer authenticates the payment (3-D Secure): the provider's page",
    },
  },
} as const;

export const shippedData = {
  type: 'object',
  additionalProperties: false,
  required: ['shipmentId', 'carrier', 'trackingNumber'],
  properties: {
    shipmentId: idSchema,
    carrier: { type: 'string', minLength: 1, maxLength: 40 },
    trackingNumber: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const shipmentErrorData = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: reasonSchema,
  },
} as const;

export const paymentRefundedData = {
  type: 'object',
  additionalProperties: false,
  required: ['paymentId', 'refundId', 'amount', 'reason'],
  properties: {
    paymentId: { type: 'string', minLength: 1, maxLength: 255 },
    refundId: { type: 'string', minLength: 1, maxLength: 255 },
    amount: moneySchema,
    reason: reasonSchema,
  },
} as const;

/** ORDER_MODIFIED version 1: the new values of what changed. Still accepted; no longer emitted. */
export const orderModifiedDataV1 = {
  type: 'object',
  additionalProperties: false,
  required: ['changes'],
  properties: {
    changes: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        deliveryAddress: addressSchema,
        customerEmail: emailSchema,
      },
    },
  },
} as const;

/** What an order holds that a change may touch: its lines, its money and where it goes. */
const orderContentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'subtotal', 'delivery', 'total', 'deliveryAddress'],
  properties: {
    items: { type: 'array', minItems: 1, maxItems: 100, items: orderLineSchema },
    subtotal: moneySchema,
    delivery: moneySchema,
    total: moneySchema,
    deliveryAddress: addressSchema,
  },
} as const;

/**
 * ORDER_MODIFIED version 2: the order before and after the change, and the paths that changed.
 * `old.total` minus `new.total` is what goes back to the customer (a change never raises it).
 */
export const orderModifiedDataV2 = {
  type: 'object',
  additionalProperties: false,
  required: ['old', 'new', 'changed', 'changedBy'],
  properties: {
    old: orderContentSchema,
    new: orderContentSchema,
    changed: {
      type: 'array',
      minItems: 1,
      maxItems: 5,
      uniqueItems: true,
      items: { type: 'string', enum: ['deliveryAddress', 'items', 'subtotal', 'delivery', 'total'] },
      description: 'the top-level paths of the order whose values differ between old and new',
    },
    changedBy: { type: 'string', enum: ['customer', 'operator'] },
  },
} as const;

export const orderCancelledData = {
  type: 'object',
  additionalProperties: false,
  required: ['cancelledBy', 'reason'],
  properties: {
    cancelledBy: { type: 'string', enum: ['customer', 'system'] },
    reason: reasonSchema,
  },
} as const;

export const creditNoteCreatedData = {
  type: 'object',
  additionalProperties: false,
  required: ['creditNoteId', 'creditNoteNumber', 'invoiceId', 'invoiceNumber', 'amount', 'refundId', 'reason'],
  properties: {
    creditNoteId: idSchema,
    creditNoteNumber: { type: 'string', minLength: 1, maxLength: 40, description: 'sequential, human-readable, its own series' },
    invoiceId: idSchema,
    invoiceNumber: { type: 'string', minLength: 1, maxLength: 40, description: 'the invoice it credits' },
    amount: moneySchema,
    refundId: { type: 'string', minLength: 1, maxLength: 255, description: "the provider's refund it documents" },
    reason: reasonSchema,
  },
} as const;

/** What the carrier's webhooks tell of a parcel after it was booked: its shipment, as SHIPPED named it. */
const parcelData = {
  shipmentId: idSchema,
  carrier: { type: 'string', minLength: 1, maxLength: 40 },
  trackingNumber: { type: 'string', minLength: 1, maxLength: 64 },
} as const;

export const deliveredData = {
  type: 'object',
  additionalProperties: false,
  required: ['shipmentId', 'carrier', 'trackingNumber', 'deliveredAt'],
  properties: {
    ...parcelData,
    deliveredAt: { type: 'string', format: 'date-time', description: 'when the carrier handed the parcel over' },
  },
} as const;

export const deliveryFailedData = {
  type: 'object',
  additionalProperties: false,
  required: ['shipmentId', 'carrier', 'trackingNumber', 'attempts', 'reason'],
  properties: {
    ...parcelData,
    attempts: { type: 'integer', minimum: 1, maximum: 20, description: 'how often the carrier tried to deliver' },
    reason: reasonSchema,
  },
} as const;

export const parcelReturnedData = {
  type: 'object',
  additionalProperties: false,
  required: ['shipmentId', 'carrier', 'trackingNumber'],
  properties: parcelData,
} as const;

/**
 * The customer asked to send lines of a delivered order back, and the carrier booked the label they
 * send them with; orders stored the return with this event (nothing is refunded yet: RETURN_RECEIVED).
 */
export const returnRequestedData = {
  type: 'object',
  additionalProperties: false,
  required: ['returnId', 'items', 'label'],
  properties: {
    returnId: idSchema,
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['productId', 'quantity'],
        properties: { productId: orderLineSchema.properties.productId, quantity: orderLineSchema.properties.quantity },
      },
    },
    label: {
      type: 'object',
      additionalProperties: false,
      required: ['carrier', 'trackingNumber'],
      properties: {
        carrier: parcelData.carrier,
        trackingNumber: { ...parcelData.trackingNumber, description: "the return label's" },
      },
    },
  },
} as const;

/**
 * The carrier brought a return back. What it holds is orders' to say (the return it accepted, by
 * id): a consumer that moves money reads the return from orders, never from this event.
 */
export const returnReceivedData = {
  type: 'object',
  additionalProperties: false,
  required: ['returnId', 'carrier', 'trackingNumber'],
  properties: {
    returnId: idSchema,
    carrier: parcelData.carrier,
    trackingNumber: { ...parcelData.trackingNumber, description: "the return label's" },
  },
} as const;
