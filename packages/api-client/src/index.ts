import type { components, paths } from './generated/openapi-types.js';

export type { components, paths };

type Schemas = components['schemas'];
export type CreateOrderRequest = Schemas['CreateOrderRequest'];
export type ModifyOrderRequest = Schemas['ModifyOrderRequest'];
export type Address = Schemas['Address'];
export type Order = Schemas['Order'];
export type InternalOrder = Schemas['InternalOrder'];
export type PayableOrder = Schemas['PayableOrder'];
export type OrderStatus = Schemas['OrderStatus'];
export type Product = Schemas['Product'];
export type ProductPage = Schemas['ProductPage'];
export type OrderPage = Schemas['OrderPage'];
export type OrderSummary = Schemas['OrderSummary'];
export type HistoryEntry = Schemas['HistoryEntry'];
export type StalledOrder = Schemas['StalledOrder'];
export type StalledOrderPage = Schemas['StalledOrderPage'];
export type ProductLookupResult = Schemas['ProductLookupResult'];
export type Invoice = Schemas['Invoice'];
export type CreditNote = Schemas['CreditNote'];
export type ApiError = Schemas['Error'];

export { createOrdersReader, createParcelBookings } from './orders-reader.js';
export type { OrdersReader, ParcelBookingLock, ParcelBookings } from './orders-reader.js';
export { createApiClient, lazyApiClient } from './client.js';
export type { AccessToken, ApiClient, ApiClientOptions } from './client.js';
