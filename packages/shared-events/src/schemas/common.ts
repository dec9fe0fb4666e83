/**
 * Building blocks shared by several event payloads. They are inlined (spread) into each event
 * schema rather than referenced, so every event schema stands alone: in ajv, in the derived
 * TypeScript types and in resources/events.yaml.
 */

export const idSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$',
} as const;

export const currencySchema = {
  type: 'string',
  description: 'ISO 4217 currency code',
  pattern: '^[A-Z]{3}$',
} as const;

/** Money is an integer number of minor units (cents) with its currency: never a float. */
export const moneySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: {
    amount: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'amount in minor units of the currency',
    },
    currency: currencySchema,
  },
} as const;

const shortText = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const reasonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'message'],
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'machine-readable cause' },
    message: { type: 'string', minLength: 1, maxLength: 500, description: 'a sentence a customer can read' },
  },
} as const;

export const addressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'street', 'city', 'postalCode', 'country'],
  properties: {
    name: shortText,
    street: { type: 'array', minItems: 1, maxItems: 3, items: shortText },
    city: shortText,
    postalCode: { type: 'string', minLength: 1, maxLength: 20 },
    country: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' },
    phone: { type: 'string', pattern: '^\\+?[0-9 ()-]{5,25}$' },
  },
} as const;

export const packageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['lengthMm', 'widthMm', 'heightMm', 'weightG'],
  properties: {
    lengthMm: { type: 'integer', minimum: 1, maximum: 10_000 },
    widthMm: { type: 'integer', minimum: 1, maximum: 10_000 },
    heightMm: { type: 'integer', minimum: 1, maximum: 10_000 },
    weightG: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  },
} as const;

/** An order line as bought: the product details are copied so the order outlives catalogue changes. */
export const orderLineSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['productId', 'name', 'quantity', 'unitPrice', 'lineTotal'],
  properties: {
    productId: idSchema,
    name: shortText,
    quantity: { type: 'integer', minimum: 1, maximum: 1000 },
    unitPrice: moneySchema,
    lineTotal: moneySchema,
    package: packageSchema,
  },
} as const;

export const emailSchema = { type: 'string', format: 'email', maxLength: 254 } as const;
