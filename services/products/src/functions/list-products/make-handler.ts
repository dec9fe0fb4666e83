import { encodeCursor, httpHandler, json, pageRequest } from '@ecommerce/lambda-kit';
import type { ProductPage } from '@ecommerce/api-client';
import { productKey, type ProductRepository } from '../../adapters/product-repository.js';

export const createHandler = (products: ProductRepository) =>
  httpHandler(async (request) => {
    const { limit, after } = pageRequest(request, productKey);
    const page = await products.page(limit, after);
    const body: ProductPage = { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
    return json(200, body);
  });
