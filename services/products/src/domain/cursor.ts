/**
 * A page cursor is the key the previous page stopped at, opaque to clients. A cursor that does not
 * decode to such a key is refused rather than trusted.
 */
export interface ProductKey {
  productId: string;
}

export const encodeCursor = (key: ProductKey): string =>
  Buffer.from(JSON.stringify({ productId: key.productId })).toString('base64url');

export const decodeCursor = (cursor: string): ProductKey | undefined => {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Object.keys(key).length !== 1) return undefined;
    const { productId } = key as { productId?: unknown };
    return typeof productId === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(productId) ? { productId } : undefined;
  } catch {
    return undefined;
  }
};
