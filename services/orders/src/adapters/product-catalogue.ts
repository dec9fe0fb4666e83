import { lazyApiClient, type Product } from '@ecommerce/api-client';
import type { CatalogueAnswer } from '../domain/order.js';

export interface ProductCatalogue {
  /**
   * What the catalogue says of these products. `trusts` tells whether an answer that may be a short
   * while old is good enough to act on; where it is not, the products service is asked now.
   */
  lookup(productIds: string[], trusts: (answer: CatalogueAnswer) => boolean): Promise<CatalogueAnswer>;
}

/** The catalogue could not answer: the order can neither be accepted nor rejected now. */
export class CatalogueUnavailableError extends Error {
  override readonly name = 'CatalogueUnavailableError';
}

/** The products service's internal lookup, over HTTP, with requests signed for its IAM authorizer: every answer is of now. */
export const createProductsApiCatalogue = ({
  baseUrl,
  fetch,
}: {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
}): ProductCatalogue => {
  const api = lazyApiClient({ baseUrl, fetch });
  return {
    lookup: async (productIds) => {
      let result;
      try {
        result = await api().POST('/internal/products/lookup', { body: { productIds }, signal: AbortSignal.timeout(3_000) });
      } catch (error) {
        throw new CatalogueUnavailableError(`the products service did not answer: ${(error as Error).message}`, { cause: error });
      }
      if (!result.data) throw new CatalogueUnavailableError(`the products service answered ${result.response.status}`);
      return result.data;
    },
  };
};

/**
 * Keeps the products a catalogue has named for `maxAgeMs`, in this execution environment, so that
 * most orders are priced without a call to the products service: that call and its wait were most of
 * POST /orders' time under load. A cached answer is given only where `trusts` accepts it; anything it
 * would not accept (a price or currency that differs, a product not in the cache) is asked again now, so a
 * request is refused only on what the catalogue says at that moment. What this costs, on purpose:
 * for up to `maxAgeMs` after a price changes, an order at the old price is still accepted.
 * Failures and products the catalogue does not know are never cached.
 */
export const cachedCatalogue = (
  catalogue: ProductCatalogue,
  { maxAgeMs, maxProducts = 1_000, now = Date.now }: { maxAgeMs: number; maxProducts?: number; now?: () => number },
): ProductCatalogue => {
  const cache = new Map<string, { product: Product; until: number }>();

  const remember = (answer: CatalogueAnswer) => {
    const until = now() + maxAgeMs;
    for (const product of answer.items) {
      // Deleted first, so that the Map's order stays the order of caching and the oldest goes first.
      cache.delete(product.productId);
      cache.set(product.productId, { product, until });
    }
    for (const productId of answer.missing) cache.delete(productId);
    for (const productId of cache.keys()) {
      if (cache.size <= maxProducts) break;
      cache.delete(productId);
    }
  };

  const cachedAnswer = (productIds: string[]): CatalogueAnswer | undefined => {
    const at = now();
    const items: Product[] = [];
    for (const productId of productIds) {
      const entry = cache.get(productId);
      if (!entry || entry.until <= at) return undefined;
      items.push(entry.product);
    }
    return { items, missing: [] };
  };

  return {
    lookup: async (productIds, trusts) => {
      const answer = cachedAnswer(productIds);
      if (answer && trusts(answer)) return answer;
      const fresh = await catalogue.lookup(productIds, trusts);
      remember(fresh);
      return fresh;
    },
  };
};
