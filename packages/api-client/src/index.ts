import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, paths } from './generated/openapi-types.js';

export type { components, paths };

type Schemas = components['schemas'];
export type CreateOrderRequest = Schemas['CreateOrderRequest'];
export type Order = Schemas['Order'];
export type InternalOrder = Schemas['InternalOrder'];
export type OrderStatus = Schemas['OrderStatus'];
export type Product = Schemas['Product'];
export type ProductPage = Schemas['ProductPage'];
export type ProductLookupResult = Schemas['ProductLookupResult'];
export type Invoice = Schemas['Invoice'];
export type ApiError = Schemas['Error'];

export type ApiClient = Client<paths>;

export { createOrdersReader } from './orders-reader.js';
export type { OrdersReader } from './orders-reader.js';

/**
 * A client of the API at `baseUrl` (one service's API Gateway, or its serverless-offline port).
 * Every path, parameter, body and response is typed from resources/openapi.yaml.
 */
export const createApiClient = (options: ClientOptions & { baseUrl: string }): ApiClient => createClient<paths>(options);
