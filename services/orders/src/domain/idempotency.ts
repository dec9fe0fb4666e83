import { createHash } from 'node:crypto';

/**
 * Idempotent order creation, as Stripe and the IETF Idempotency-Key draft describe it: a client
 * sends the same key with each retry of one request; the first response is kept for a day and
 * replayed to every retry with the same body.
 */
export const keyLifetimeSeconds = 24 * 60 * 60;
/** How long a request may hold its key before a retry may take it over, longer than the function's timeout. */
export const inFlightLeaseMs = 30_000;

export interface StoredResponse {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The key as sent, unquoted if sent as a structured-field string; undefined if it is no valid key. */
export const parseIdempotencyKey = (header: string): string | undefined => {
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  return /^[\x21-\x7e]{1,255}$/.test(key) ? key : undefined;
};

/**
 * A key belongs to the customer who sent it: two customers with the same key never see each
 * other's answers. Stored hashed: bounded in size, and nothing a client chose ends up in a table
 * key as it is. (A customer id cannot hold a newline, so no two pairs hash the same input.)
 */
export const keyDigest = (customerId: string, key: string): string =>
  createHash('sha256').update(`${customerId}\n${key}`).digest('hex');

const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
};

/** The same request body gives the same fingerprint, whatever the order of its keys. */
export const fingerprint = (body: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
