import type { Product } from '@ecommerce/api-client';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ProductRepository } from '../../src/adapters/product-repository.js';
import { createHandler as getProduct } from '../../src/functions/get-product/make-handler.js';
import { createHandler as listProducts } from '../../src/functions/list-products/make-handler.js';
import { createHandler as lookupProducts } from '../../src/functions/lookup-products/make-handler.js';

const kettle: Product = {
  productId: 'prod-kettle',
  name: 'Kettle',
  description: 'A kettle',
  unitPrice: 3499,
  currency: 'EUR',
  package: { lengthMm: 1, widthMm: 1, heightMm: 1, weightG: 1 },
};

const repository = (products: Product[]): ProductRepository => ({
  page: async (limit) => ({
    items: products.slice(0, limit),
    ...(products.length > limit ? { next: { productId: products[limit - 1]!.productId } } : {}),
  }),
  get: async (id) => products.find((product) => product.productId === id),
  getMany: async (ids) => products.filter((product) => ids.includes(product.productId)),
});

const context = {} as Context;
const request = (fields: Partial<APIGatewayProxyEvent>) => ({ headers: {}, ...fields }) as APIGatewayProxyEvent;

describe('GET /products', () => {
  const handlerWith = (products: Product[]) => listProducts(repository(products));

  it('answers a page with a cursor to the next one', async () => {
    const handler = handlerWith([kettle, { ...kettle, productId: 'prod-pan' }]);

    const response = await handler(request({ queryStringParameters: { limit: '1' } }), context);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ items: [kettle], nextCursor: expect.any(String) });
  });

  it.each(['0', '101', '2.5', 'ten', '1e1', ' 5', '0x10'])('refuses a limit of %s', async (limit) => {
    const handler = handlerWith([kettle]);

    const response = await handler(request({ queryStringParameters: { limit } }), context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).details).toEqual([{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
  });

  it('refuses a cursor it did not give out', async () => {
    const handler = handlerWith([kettle]);

    const response = await handler(request({ queryStringParameters: { cursor: 'forged' } }), context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).details).toEqual([{ path: 'cursor', message: 'is not a cursor this API gave out' }]);
  });
});

describe('GET /products/{productId}', () => {
  const handlerWith = (products: Product[]) => getProduct(repository(products));

  it('answers the product', async () => {
    const response = await handlerWith([kettle])(request({ pathParameters: { productId: 'prod-kettle' } }), context);

    expect(JSON.parse(response.body)).toEqual(kettle);
  });

  it('answers 404 for an unknown product', async () => {
    const response = await handlerWith([kettle])(request({ pathParameters: { productId: 'prod-none' } }), context);

    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'product_not_found' });
  });

  it('answers 400 for a malformed id', async () => {
    const response = await handlerWith([kettle])(request({ pathParameters: { productId: '../../etc' } }), context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).details[0].path).toBe('productId');
  });
});

describe('POST /internal/products/lookup', () => {
  const handlerWith = (products: Product[]) => lookupProducts(repository(products));
  const post = (body: unknown) =>
    request({ httpMethod: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('answers the products found, in the order asked, and the ids that are missing', async () => {
    const pan = { ...kettle, productId: 'prod-pan' };
    const handler = handlerWith([kettle, pan]);

    const response = await handler(post({ productIds: ['prod-pan', 'prod-none', 'prod-kettle'] }), context);

    expect(JSON.parse(response.body)).toEqual({ items: [pan, kettle], missing: ['prod-none'] });
  });

  it('refuses the same id twice and more than 100 ids', async () => {
    const handler = handlerWith([kettle]);

    const twice = await handler(post({ productIds: ['prod-kettle', 'prod-kettle'] }), context);
    const tooMany = await handler(post({ productIds: Array.from({ length: 101 }, (_, i) => `p${i}`) }), context);

    expect([twice.statusCode, tooMany.statusCode]).toEqual([400, 400]);
  });
});
