import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { HttpError, httpHandler, json, pathParameter } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type ProductRepository } from '../../adapters/product-repository.js';

export const createHandler = (products: ProductRepository) =>
  httpHandler(async (request: Pick<APIGatewayProxyEvent, 'pathParameters'>) => {
    const productId = pathParameter(request, 'productId', (value) => issuesAgainst(schemas.Id, value));

    const product = await products.get(productId);
    if (!product) throw new HttpError(404, 'product_not_found', `There is no product ${productId}.`);
    return json(200, product);
  });
