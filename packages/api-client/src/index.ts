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
export type OrderPage = Schemas['OrderPage'];
export type OrderSummary = Schemas['OrderSummary'];
export type ProductLookupResult = Schemas['ProductLookupResult'];
export type Invoice = Schemas['Invoice'];
export type ApiError = Schemas['Error'];

export type ApiClient = Client<paths>;

export { createOrdersReader } from './orders-reader.js';
export type { OrdersReader } from './orders-reader.js';

/** An access token, or a function that gives the current one (a client that refreshes tokens). */
export type AccessToken = string | (() => string | Promise<string>);

/**
 * A client of the API at `baseUrl` (one service's API Gateway, or its serverless-offline port).
 * Every path, parameter, body and response is typed from resources/openapi.yaml. With a `token`,
 * every request carries it as `Authorization: Bearer <token>`.
 */
export const createApiClient = ({ token, ...options }: ClientOptions & { baseUrl: string; token?: AccessToken }): ApiClient => {
  const client = createClient<paths>(options);
  if (token !== undefined) {
    client.use({
      onRequest: async ({ request }) => {
        request.headers.set('authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    });
  }
  return client;
};
