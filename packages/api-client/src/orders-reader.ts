import createClient from 'openapi-fetch';
import type { paths } from './generated/openapi-types.js';
import type { InternalOrder } from './index.js';

export interface OrdersReader {
  /** The order as other services see it; throws when orders cannot answer, so the caller retries. */
  get(orderId: string): Promise<InternalOrder>;
}

/**
 * How services read an order from orders' internal API: `fetch` signs the request for the route's
 * IAM authorizer (see createSignedFetch in lambda-kit).
 */
export const createOrdersReader = ({
  baseUrl,
  fetch,
}: {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
}): OrdersReader => {
  const api = createClient<paths>({ baseUrl, fetch });
  return {
    get: async (orderId) => {
      const { data, response } = await api.GET('/internal/orders/{orderId}', {
        params: { path: { orderId } },
        signal: AbortSignal.timeout(3_000),
      });
      if (!data) throw new Error(`orders answered ${response.status} for order ${orderId}`);
      return data;
    },
  };
};
