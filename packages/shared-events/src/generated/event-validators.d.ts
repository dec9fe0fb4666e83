// Generated from packages/shared-events/src/schemas by `pnpm --filter @ecommerce/shared-events generate`. Do not edit.
import type { ValidateFunction } from 'ajv';

export declare const envelope: ValidateFunction;
export declare const ORDER_CREATED: ValidateFunction;
export declare const ORDER_MODIFIED: ValidateFunction;
export declare const ORDER_CANCELLED: ValidateFunction;
export declare const RETURN_REQUESTED: ValidateFunction;
export declare const INVOICE_CREATED: ValidateFunction;
export declare const CREDIT_NOTE_CREATED: ValidateFunction;
export declare const PAYMENT_CONFIRMED: ValidateFunction;
export declare const PAYMENT_ACTION_REQUIRED: ValidateFunction;
export declare const PAYMENT_FAILED: ValidateFunction;
export declare const PAYMENT_REFUNDED: ValidateFunction;
export declare const SHIPPED: ValidateFunction;
export declare const SHIPMENT_ERROR: ValidateFunction;
export declare const DELIVERED: ValidateFunction;
export declare const DELIVERY_FAILED: ValidateFunction;
export declare const PARCEL_RETURNED: ValidateFunction;
export declare const RETURN_RECEIVED: ValidateFunction;
