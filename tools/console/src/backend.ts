import { createApiClient, type ApiClient, type Product } from '@ecommerce/api-client';
import type { DeadLetter } from '@ecommerce/local-cloud';
import type { OrderEvent } from '@ecommerce/shared-events';

/**
 * Everything the page asks of the local cloud, through the console's own origin (server/cli.ts
 * forwards each prefix to its part). Every request reports whether the local cloud answered, so
 * that the page can say when it cannot reach it and that it recovered.
 */

export type Connection = { ok: true } | { ok: false; reason: string };

/** An answer the console's server gives when the part behind a prefix is down. */
const unreachable = new Set([502, 503, 504]);

/** The operator the console signs in as (the `operators` group reads every customer's orders). */
const consoleOperator = 'console-operator';

export interface Email {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  at: number;
}

export const createBackend = (origin: string, onConnection: (connection: Connection) => void) => {
  const tracked = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      onConnection({ ok: false, reason: `the request failed (${(error as Error).message})` });
      throw error;
    }
    if (unreachable.has(response.status)) {
      onConnection({ ok: false, reason: `${new URL(response.url).pathname} answered ${response.status}` });
      throw new Error(`${response.url} answered ${response.status}`);
    }
    onConnection({ ok: true });
    return response;
  };

  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await tracked(`${origin}${path}`, init);
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };

  /**
   * Signs in at the local issuer with the password grant, as any client does; one token per user
   * (and e-mail address, which the sign-in sets as the account's verified one) until it is refused.
   */
  const tokens = new Map<string, Promise<string>>();
  const keyOf = (username: string, groups: string[] = [], email?: string) => `${username} ${groups.join(' ')} ${email ?? ''}`;
  const tokenFor = (username: string, groups: string[] = [], email?: string): (() => Promise<string>) => {
    const key = keyOf(username, groups, email);
    return () => {
      if (!tokens.has(key)) {
        const form = new URLSearchParams({ grant_type: 'password', username, password: 'local' });
        if (groups.length > 0) form.set('groups', groups.join(' '));
        if (email !== undefined) form.set('email', email);
        const token = json<{ access_token: string }>('/issuer/token', { method: 'POST', body: form }).then(
          (body) => body.access_token,
        );
        token.catch(() => tokens.delete(key));
        tokens.set(key, token);
      }
      return tokens.get(key)!;
    };
  };

  const client = (prefix: string, username?: string, groups?: string[], email?: string): ApiClient => {
    const api = createApiClient({
      baseUrl: `${origin}${prefix}`,
      token: username === undefined ? undefined : tokenFor(username, groups, email),
      fetch: (request: Request) => tracked(request),
    });
    // An expired or refused token is dropped, and the next poll signs in again.
    api.use({
      onResponse: ({ response }) => {
        if (response.status === 401 && username !== undefined) tokens.delete(keyOf(username, groups, email));
        return response;
      },
    });
    return api;
  };

  const operatorOrders = client('/orders-api', consoleOperator, ['operators']);
  const operatorInvoices = client('/invoice-api', consoleOperator, ['operators']);
  const products = client('/products-api');

  return {
    /**
     * The orders API as the customer `customerId`'s own program would call it, signed in with
     * `email` as their account's address: where the mail about their orders goes.
     */
    ordersAs: (customerId: string, email?: string) => client('/orders-api', customerId, [], email),
    operatorOrders,
    operatorInvoices,
    products: async (): Promise<Product[]> => {
      const { data, error } = await products.GET('/products', { params: { query: { limit: 50 } } });
      if (!data) throw new Error(`the catalogue did not answer: ${JSON.stringify(error)}`);
      return data.items;
    },
    events: async (orderId?: string): Promise<OrderEvent[]> =>
      (
        await json<{ items: OrderEvent[] }>(
          orderId ? `/journal/events?orderId=${encodeURIComponent(orderId)}` : '/journal/events',
        )
      ).items,
    emails: async (): Promise<Email[]> => (await json<{ emails: Email[] }>('/mailbox/store')).emails,
    deadLetters: async (): Promise<DeadLetter[]> => (await json<{ items: DeadLetter[] }>('/dead-letters')).items,
    redrive: (pk: string) =>
      json<{ ok: boolean; error?: string }>('/dead-letters/redrive', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pk }),
      }),
  };
};
