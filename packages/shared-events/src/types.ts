import type { FromSchema } from 'json-schema-to-ts';
import type { eventCatalog, EventSource, EventType, EventTypeOf } from './catalog.js';
import type { addressSchema, moneySchema, orderLineSchema, reasonSchema } from './schemas/common.js';
import type { envelopeHeaderSchema } from './schemas/envelope.js';
import type * as payloads from './schemas/events.js';

/** Every type here is derived from a schema: there is no hand-written twin to drift away from it. */

// Spelled out type by type rather than mapped: indexing a mapped FromSchema with a generic type
// parameter makes the compiler expand every schema at every use. test/unit/types.test.ts proves
// that this list derives every type from the schema the catalog names.
interface EventDataByType {
  ORDER_CREATED: FromSchema<typeof payloads.orderCreatedData>;
  ORDER_MODIFIED: FromSchema<typeof payloads.orderModifiedDataV2>;
  ORDER_CANCELLED: FromSchema<typeof payloads.orderCancelledData>;
  RETURN_REQUESTED: FromSchema<typeof payloads.returnRequestedData>;
  INVOICE_CREATED: FromSchema<typeof payloads.invoiceCreatedData>;
  CREDIT_NOTE_CREATED: FromSchema<typeof payloads.creditNoteCreatedData>;
  PAYMENT_CONFIRMED: FromSchema<typeof payloads.paymentConfirmedData>;
  PAYMENT_ACTION_REQUIRED: FromSchema<typeof payloads.paymentActionRequiredData>;
  PAYMENT_FAILED: FromSchema<typeof payloads.paymentFailedData>;
  PAYMENT_REFUNDED: FromSchema<typeof payloads.paymentRefundedData>;
  SHIPPED: FromSchema<typeof payloads.shippedData>;
  SHIPMENT_ERROR: FromSchema<typeof payloads.shipmentErrorData>;
  DELIVERED: FromSchema<typeof payloads.deliveredData>;
  DELIVERY_FAILED: FromSchema<typeof payloads.deliveryFailedData>;
  PARCEL_RETURNED: FromSchema<typeof payloads.parcelReturnedData>;
  RETURN_RECEIVED: FromSchema<typeof payloads.returnReceivedData>;
}

export type EventData<T extends EventType> = EventDataByType[T];
export type { EarlierEventDataByType, EventDataByType };

type EnvelopeHeader = FromSchema<typeof envelopeHeaderSchema>;

type EventByType = {
  [K in EventType]: EnvelopeHeader & {
    type: K;
    version: (typeof eventCatalog)[K]['version'];
    source: (typeof eventCatalog)[K]['source'];
    data: EventDataByType[K];
  };
};

/** The payloads of the earlier versions still accepted (catalog.ts's earlierVersions), by type and version. */
interface EarlierEventDataByType {
  ORDER_MODIFIED: { 1: FromSchema<typeof payloads.orderModifiedDataV1> };
}

type EarlierEventByType = {
  [K in keyof EarlierEventDataByType]: {
    [V in keyof EarlierEventDataByType[K]]: EnvelopeHeader & {
      type: K;
      version: V;
      source: (typeof eventCatalog)[K]['source'];
      data: EarlierEventDataByType[K][V];
    };
  }[keyof EarlierEventDataByType[K]];
};

/**
 * One event as it travels on the topic, narrowed by its type: of the version producers emit, or of
 * an earlier version consumers still accept (so a consumer narrows on `version` before reading `data`).
 */
export type OrderEvent<T extends EventType = EventType> =
  EventByType[T] | EarlierEventByType[Extract<T, keyof EarlierEventByType>];

/** An event of the version producers emit now. */
export type CurrentOrderEvent<T extends EventType = EventType> = EventByType[T];

/** An event a given service may emit. */
export type EventFrom<S extends EventSource> = OrderEvent<EventTypeOf<S>>;

export type Money = FromSchema<typeof moneySchema>;
export type Address = FromSchema<typeof addressSchema>;
export type OrderLine = FromSchema<typeof orderLineSchema>;
export type Reason = FromSchema<typeof reasonSchema>;
