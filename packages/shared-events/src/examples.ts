import { eventCatalog, type EventType } from './catalog.js';
import type { EarlierEventDataByType, EventData, OrderEvent } from './types.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });

/**
 * A valid example of every event type: shown in resources/events.yaml, and used by the tests of
 * producers and consumers. Typed, so a schema change that breaks one fails to compile.
 */
const kettle = {
  productId: 'prod-kettle',
  name: 'Stovetop kettle',
  unitPrice: eur(1999),
  package: { lengthMm: 250, widthMm: 200, heightMm: 220, weightG: 1200 },
};
const address = {
  name: 'Ada Lovelace',
  street: ["12 St James's Square"],
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
  phone: '+44 20 7946 0000',
};

export const exampleData: { [T in EventType]: EventData<T> } = {
  ORDER_CREATED: {
    customerId: 'cust-42',
    customerEmail: 'ada@example.com',
    items: [{ ...kettle, quantity: 2, lineTotal: eur(3998) }],
    subtotal: eur(3998),
    delivery: eur(490),
    total: eur(4488),
    deliveryAddress: address,
  },
  ORDER_MODIFIED: {
    old: {
      items: [{ ...kettle, quantity: 2, lineTotal: eur(3998) }],
      subtotal: eur(3998),
      delivery: eur(490),
      total: eur(4488),
      deliveryAddress: address,
    },
    new: {
      items: [{ ...kettle, quantity: 1, lineTotal: eur(1999) }],
      subtotal: eur(1999),
      delivery: eur(490),
      total: eur(2489),
      deliveryAddress: address,
    },
    changed: ['items', 'subtotal', 'total'],
    changedBy: 'operator',
  },
  ORDER_CANCELLED: { cancelledBy: 'customer', reason: { code: 'changed_mind', message: 'You cancelled the order.' } },
  RETURN_REQUESTED: {
    returnId: 'ret-1',
    items: [{ productId: 'prod-kettle', quantity: 1 }],
    label: { carrier: 'Local Parcel Co', trackingNumber: 'LPR123456789GB' },
  },
  INVOICE_CREATED: {
    invoiceId: 'inv-1',
    invoiceNumber: 'INV-2026-000001',
    subtotal: eur(3998),
    delivery: eur(490),
    total: eur(4488),
  },
  CREDIT_NOTE_CREATED: {
    creditNoteId: 'cn-1',
    creditNoteNumber: 'CN-2026-000001',
    invoiceId: 'inv-1',
    invoiceNumber: 'INV-2026-000001',
    amount: eur(4488),
    refundId: 're_3Nabc',
    reason: { code: 'shipment_refused', message: 'The carrier could not deliver to your address.' },
  },
  PAYMENT_CONFIRMED: { paymentId: 'pi_3Nabc', provider: 'stripe', amount: eur(4488) },
  PAYMENT_ACTION_REQUIRED: {
    paymentId: 'pi_3Nabc',
    provider: 'stripe',
    amount: eur(4488),
    nextActionUrl: 'https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=pi_3Nabc',
  },
  PAYMENT_FAILED: { reason: { code: 'card_declined', message: 'Your card was declined.' } },
  PAYMENT_REFUNDED: {
    paymentId: 'pi_3Nabc',
    refundId: 're_3Nabc',
    amount: eur(4488),
    reason: { code: 'shipment_refused', message: 'The carrier could not deliver to your address.' },
  },
  SHIPPED: { shipmentId: 'shp-1', carrier: 'Local Parcel Co', trackingNumber: 'LP123456789GB' },
  SHIPMENT_ERROR: { reason: { code: 'destination_not_served', message: 'We cannot deliver to Antarctica.' } },
  DELIVERED: {
    shipmentId: 'shp-1',
    carrier: 'Local Parcel Co',
    trackingNumber: 'LP123456789GB',
    deliveredAt: '2026-03-02T10:15:00.000Z',
  },
  DELIVERY_FAILED: {
    shipmentId: 'shp-1',
    carrier: 'Local Parcel Co',
    trackingNumber: 'LP123456789GB',
    attempts: 3,
    reason: { code: 'recipient_absent', message: 'Nobody was home at any of our 3 attempts.' },
  },
  PARCEL_RETURNED: { shipmentId: 'shp-1', carrier: 'Local Parcel Co', trackingNumber: 'LP123456789GB' },
  RETURN_RECEIVED: { returnId: 'ret-1', carrier: 'Local Parcel Co', trackingNumber: 'LPR123456789GB' },
};

/** A valid example of every earlier version still accepted, by type and version. */
export const earlierExampleData: EarlierEventDataByType = {
  ORDER_MODIFIED: { 1: { changes: { customerEmail: 'ada@analytical.example' } } },
};

/** A complete example event of a type; `overrides` replaces envelope fields, valid or not. */
export const exampleEvent = <T extends EventType>(type: T, overrides: Partial<Record<string, unknown>> = {}): OrderEvent<T> =>
  ({
    id: '0b7e7a4e-5d8f-4b8e-9a51-2f1c3c9d7e10',
    type,
    version: eventCatalog[type].version,
    source: eventCatalog[type].source,
    time: '2026-11-21T10:00:00.000Z',
    orderId: 'ord-1',
    data: exampleData[type],
    ...overrides,
  }) as unknown as OrderEvent<T>;
