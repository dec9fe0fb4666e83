import { httpHandler, invalidRequest, json, readEnvironment } from '@ecommerce/lambda-kit';
import type { ProductPage } from '@ecommerce/api-client';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { createProductRepository, type ProductRepository } from '../../adapters/product-repository.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';

const defaultLimit = 20;
const maxLimit = 100;

export const createHandler = (products: ProductRepository) =>
  httpHandler(async (request: Pick<APIGatewayProxyEvent, 'queryStringParameters'>) => {
    const { limit: rawLimit, cursor } = request.queryStringParameters ?? {};
    // Digits only: Number() would also take ' 5', '1e1' and '0x10'.
    const limit = rawLimit === undefined ? defaultLimit : /^[0-9]{1,3}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const issues = [
      ...(Number.isInteger(limit) && limit >= 1 && limit <= maxLimit
        ? []
        : [{ path: 'limit', message: `must be an integer from 1 to ${maxLimit}` }]),
      ...(cursor !== undefined && after === undefined ? [{ path: 'cursor', message: 'is not a cursor this API gave out' }] : []),
    ];
    if (issues.length > 0) throw invalidRequest(issues);

    const page = await products.page(limit, after);
    const body: ProductPage = { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
    return json(200, body);
  });

const { PRODUCTS_TABLE } = readEnvironment(['PRODUCTS_TABLE']);

export const main = createHandler(createProductRepository({ tableName: PRODUCTS_TABLE }));
