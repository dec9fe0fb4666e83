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

export const orderModifiedData = {
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

export const orderCancelledData = {
  type: 'object',
  additionalProperties: false,
  required: ['cancelledBy', 'reason'],
  properties: {
    cancelledBy: { type: 'string', enum: ['customer', 'system'] },
    reason: reasonSchema,
  },
} as const;
