import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import { productsApi } from './stack.js';

needs();

describe('the catalogue', () => {
  it('lists at least 20 products, page by page, each once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { data } = await productsApi.GET('/products', { params: { query: { limit: 5, ...(cursor ? { cursor } : {}) } } });
      expect(data!.items.length).toBeLessThanOrEqual(5);
      seen.push(...data!.items.map((product) => product.productId));
      cursor = data!.nextCursor;
    } while (cursor);

    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('prices every product in EUR minor units, with its package', async () => {
    const { data } = await productsApi.GET('/products', { params: { query: { limit: 100 } } });

    for (const product of data!.items) {
      expect(product).toMatchObject({ currency: 'EUR', unitPrice: expect.any(Number), package: { weightG: expect.any(Number) } });
      expect(Number.isInteger(product.unitPrice)).toBe(true);
    }
  });

  it('reads one product, and answers 404 for an unknown one', async () => {
    const { data: page } = await productsApi.GET('/products', { params: { query: { limit: 1 } } });
    const [first] = page!.items;

    const found = await productsApi.GET('/products/{productId}', { params: { path: { productId: first!.productId } } });
    const missing = await productsApi.GET('/products/{productId}', { params: { path: { productId: 'prod-nothing' } } });

    expect(found.data).toEqual(first);
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ code: 'product_not_found' });
  });

  it('refuses a page size over 100', async () => {
    const { response, error } = await productsApi.GET('/products', { params: { query: { limit: 101 } } });

    expect(response.status).toBe(400);
    expect(error?.details).toEqual([{ path: 'limit', message: 'must be an integer from 1 to 100' }]);
  });
});
