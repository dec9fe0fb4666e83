import { lazyApiClient } from './client.js';
import type { components } from './generated/openapi-types.js';

type InternalOrder = components['schemas']['InternalOrder'];
type PayableOrder = components['schemas']['PayableOrder'];

export interface OrdersReader {
  /**
   * The order as other services see it; throws when orders cannot answer, so the caller retries.
   * `timeoutMs` is what the caller can spare (see retryBudget): a busy orders service answers late,
   * and a read given up early fails an invocation that had time to wait.
   */
  get(orderId: string, options?: { timeoutMs?: number }): Promise<InternalOrder>;
  /** The order with the payment token to charge it with (GET /internal/orders/{orderId}/payment): on AWS, billing's charge alone may read it. */
  getPayable(orderId: string, options?: { timeoutMs?: number }): Promise<PayableOrder>;
}

export interface ParcelBookings {
  /**
   * Locks a paid order for booking its parcel, right before booking it (POST
   * /internal/orders/{orderId}/parcel-booking): the order as locked, or why it may not be booked
   * (cancelled meanwhile, say). Throws when orders cannot answer, so the caller retries.
   */
  lock(orderId: string, options?: { timeoutMs?: number }): Promise<ParcelBookingLock>;
  /**
   * Gives the lock back when the carrier booked nothing (DELETE
   * /internal/orders/{orderId}/parcel-booking). Throws when orders cannot answer or refuses.
   */
  release(orderId: string, options?: { timeoutMs?: number }): Promise<void>;
}

export type ParcelBookingLock = { locked: true; order: InternalOrder } | { locked: false; code: string; message: string };

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
    getPayable: async (orderId, { timeoutMs = defaultTimeoutMs } = {}) => {
      const { data, response } = await api().GET('/internal/orders/{orderId}/payment', {
        params: { path: { orderId } },
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      if (!data) throw new Error(`orders answered ${response.status} for the payment of order ${orderId}`);
      return data;
    },
  };
};

/** How shipment locks an order from orders' internal API before booking its parcel; `fetch` signs as for createOrdersReader. */
export const createParcelBookings = ({
  baseUrl,
  fetch,
}: {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
}): ParcelBookings => {
  const api = lazyApiClient({ baseUrl, fetch });
  return {
    lock: async (orderId, { timeoutMs = defaultTimeoutMs } = {}) => {
      const { data, error, response } = await api().POST('/internal/orders/{orderId}/parcel-booking', {
        params: { path: { orderId } },
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      if (data) return { locked: true, order: data };
      if (response.status === 409 && error) return { locked: false, code: error.code, message: error.message };
      throw new Error(`orders answered ${response.status} to the parcel booking lock of order ${orderId}`);
    },
    release: async (orderId, { timeoutMs = defaultTimeoutMs } = {}) => {
      const { response } = await api().DELETE('/internal/orders/{orderId}/parcel-booking', {
        params: { path: { orderId } },
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      });
      if (!response.ok) throw new Error(`orders answered ${response.status} to the release of order ${orderId}'s parcel booking`);
    },
  };
};
