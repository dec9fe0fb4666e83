import type { CreateOrderRequest } from '@ecommerce/api-client';
import { HttpError } from '@ecommerce/lambda-kit';
import { logger } from '@ecommerce/observability';
import { CatalogueUnavailableError, type ProductCatalogue } from '../adapters/product-catalogue.js';
import { priceLines, requestedProductIds, type CatalogueAnswer } from '../domain/order.js';

/**
 * The catalogue's answer to judge lines by, at creation and when an operator changes an order's
 * items: an answer the catalogue kept may accept the lines, only an answer of now may reject them.
 * A catalogue that cannot answer is a 503: the request can be neither accepted nor refused.
 */
export const askCatalogue = async (
  catalogue: ProductCatalogue,
  items: CreateOrderRequest['items'],
  currency: string,
): Promise<CatalogueAnswer> => {
  try {
    return await catalogue.lookup(requestedProductIds({ items }), (kept) => priceLines(items, currency, kept).accepted);
  } catch (error) {
    if (!(error instanceof CatalogueUnavailableError)) throw error;
    logger.error('catalogue unavailable', { cause: error.message });
    throw new HttpError(503, 'catalogue_unavailable', 'The catalogue cannot be reached right now. Please try again in a moment.');
  }
};
