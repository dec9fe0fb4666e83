import { lazyApiClient } from './client.js';
import type { components } from './generated/openapi-types.js';

type InternalOrder = components['schemas']['InternalOrder'];

export interface OrdersReader {
  /**
   * The order as other services see it; throws when orders cannot answer, so the caller retries.
   * `timeoutMs` is what the caller can spare (see retryBudget): a busy orders service answers late,
   * and a read given up early fails an invocation that had time to wait.
   */
  get(orderId: string, options?: { timeoutMs?: number }): Promise<InternalOrder>;
}

const defaultTimeoutMs = 3_000;

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
  const api = lazyApiClient({ baseUrl, fetch });
  return {
    get: async (orderId, { timeoutMs = defaultTimeoutMs } = {}) => {
      const { data, response } = await api().GET('/internal/orders/{orderId}', {
        params: { path: { orderId } },
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      if (!data) throw new Error(`orders answered ${response.status} for order ${orderId}`);
      return data;
    },
  };
};
