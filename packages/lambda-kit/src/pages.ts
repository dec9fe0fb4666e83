import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invalidRequest } from './http-error.js';

// A page cursor is the key the previous page stopped at, opaque to clients. One that does not
// decode to exactly such a key (the same attributes, each of the expected form) is refused rather
// than handed to the table.

/** Each attribute of a key, and the form its value must have. */
export type KeyShape<K extends string> = Record<K, RegExp>;

export const encodeCursor = (key: Record<string, string>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = <K extends string>(cursor: string, shape: KeyShape<K>): Record<K, string> | undefined => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
  const entries = Object.entries(key);
  const names = Object.keys(shape) as K[];
  if (entries.length !== names.length) return undefined;
  const fits = names.every((name) => {
    const value = (key as Record<string, unknown>)[name];
    return Object.hasOwn(key as object, name) && typeof value === 'string' && shape[name].test(value);
  });
  return fits ? (key as Record<K, string>) : undefined;
};

export interface PageRequest<K extends string> {
  limit: number;
  /** The key to start after; none for the first page. */
  after?: Record<K, string>;
}

/**
 * `limit` (1 to `maxLimit`, `defaultLimit` when absent) and `cursor` from the query string; a 400
 * naming each that is wrong.
 */
export const pageRequest = <K extends string>(
  request: Pick<APIGatewayProxyEvent, 'queryStringParameters'>,
  shape: KeyShape<K>,
  { defaultLimit = 20, maxLimit = 100 }: { defaultLimit?: number; maxLimit?: number } = {},
): PageRequest<K> => {
  const { limit: rawLimit, cursor } = request.queryStringParameters ?? {};
  // Digits only: Number() would also take ' 5', '1e1' and '0x10'.
  const limit = rawLimit === undefined ? defaultLimit : /^[0-9]{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  const after = cursor === undefined ? undefined : decodeCursor(cursor, shape);
  const issues = [
    ...(Number.isInteger(limit) && limit >= 1 && limit <= maxLimit
      ? []
      : [{ path: 'limit', message: `must be an integer from 1 to ${maxLimit}` }]),
    ...(cursor !== undefined && after === undefined ? [{ path: 'cursor', message: 'is not a cursor this API gave out' }] : []),
  ];
  if (issues.length > 0) throw invalidRequest(issues);
  return { limit, ...(after ? { after } : {}) };
};
