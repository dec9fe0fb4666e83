import type { components, ProductLookupResult } from '@ecommerce/api-client';
import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { json, jsonBodyHandler } from '@ecommerce/lambda-kit';
import { type ProductRepository } from '../../adapters/product-repository.js';

type ProductLookupRequest = components['schemas']['ProductLookupRequest'];

export const createHandler = (products: ProductRepository) =>
  jsonBodyHandler<ProductLookupRequest>(
    (body) => issuesAgainst(schemas.ProductLookupRequest, body),
    async ({ body: { productIds } }) => {
      const found = new Map((await products.getMany(productIds)).map((product) => [product.productId, product]));
      const result: ProductLookupResult = {
        items: productIds.flatMap((id) => found.get(id) ?? []),
        missing: productIds.filter((id) => !found.has(id)),
      };
      return json(200, result);
    },
  );
