import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './generated/openapi-types.js';

export type ApiClient = Client<paths>;
/** An access token, or a function that gives the current one (a client that refreshes tokens). */
export type AccessToken = string | (() => string | Promise<string>);

export type ApiClientOptions = ClientOptions & { baseUrl: string; token?: AccessToken };

/**
 * A client of the API at `baseUrl` (one service's API Gateway, or its serverless-offline port).
 * Every path, parameter, body and response is typed from resources/openapi.yaml. With a `token`,
 * every request carries it as `Authorization: Bearer <token>`.
 */
export const createApiClient = ({ token, ...options }: ApiClientOptions): ApiClient => {
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

/**
 * createApiClient on first use. openapi-fetch reads the global `Request` when it makes a client, and
 * on Node that loads the whole fetch implementation (undici): about 40 ms on Node 20, which a
 * function built at cold start would pay before its first event even when it never calls the API.
 */
export const lazyApiClient = (options: ApiClientOptions): (() => ApiClient) => {
  let client: ApiClient | undefined;
  return () => (client ??= createApiClient(options));
};
