// Generated from resources/openapi.yaml by `pnpm --filter @ecommerce/api-client generate`. Do not edit.
import type { ValidateFunction } from 'ajv';

export declare const Id: ValidateFunction;
export declare const Currency: ValidateFunction;
export declare const MinorUnits: ValidateFunction;
export declare const Money: ValidateFunction;
export declare const Package: ValidateFunction;
export declare const Address: ValidateFunction;
export declare const CreateOrderRequest: ValidateFunction;
export declare const ModifyOrderRequest: ValidateFunction;
export declare const OrderItemRequest: ValidateFunction;
export declare const OrderLine: ValidateFunction;
export declare const OrderStatus: ValidateFunction;
export declare const HistoryEntry: ValidateFunction;
export declare const OrderFields: ValidateFunction;
export declare const Order: ValidateFunction;
export declare const InternalOrder: ValidateFunction;
export declare const Invoice: ValidateFunction;
export declare const CreditNote: ValidateFunction;
export declare const Product: ValidateFunction;
export declare const ProductPage: ValidateFunction;
export declare const OrderSummary: ValidateFunction;
export declare const OrderPage: ValidateFunction;
export declare const StalledOrder: ValidateFunction;
export declare const StalledOrderPage: ValidateFunction;
export declare const ProductLookupRequest: ValidateFunction;
export declare const ProductLookupResult: ValidateFunction;
export declare const Error: ValidateFunction;
