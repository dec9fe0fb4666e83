import { lazyApiClient } from '@ecommerce/api-client';
import type { CatalogueAnswer } from '../domain/order.js';

export interface ProductCatalogue {
  lookup(productIds: string[]): Promise<CatalogueAnswer>;
}

/** The catalogue could not answer: the order can neither be accepted nor rejected now. */
export class CatalogueUnavailableError extends Error {
  override readonly name = 'CatalogueUnavailableError';
}

/** The products service's internal lookup, over HTTP, with requests signed for its IAM authorizer. */
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
