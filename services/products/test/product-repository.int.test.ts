import { readFileSync } from 'node:fs';
import type { Product } from '@ecommerce/api-client';
import { describe, expect, it } from 'vitest';
import { createProductRepository, type ProductKey } from '../src/adapters/product-repository.js';

// The local cloud creates the table from serverless.yml and loads seed/catalogue.json into it.
const products = createProductRepository({ tableName: 'products-local' });
const catalogue = JSON.parse(readFileSync(new URL('../seed/catalogue.json', import.meta.url), 'utf8')) as Product[];

describe('the product repository on DynamoDB Local', () => {
  it('pages through the whole seeded catalogue, each product once', async () => {
    const seen: Product[] = [];
    let after: ProductKey | undefined;
    do {
      const page = await products.page(7, after);
      seen.push(...page.items);
      after = page.next;
    } while (after);

    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen).toEqual(expect.arrayContaining(catalogue));
    expect(new Set(seen.map((product) => product.productId)).size).toBe(seen.length);
  });

  it('reads one product, and nothing for an unknown id', async () => {
    expect(await products.get(catalogue[0]!.productId)).toEqual(catalogue[0]);
    expect(await products.get('prod-does-not-exist')).toBeUndefined();
  });

  it('reads many products in one call, skipping the unknown ones', async () => {
    const ids = catalogue.slice(0, 3).map((product) => product.productId);

    const found = await products.getMany([...ids, 'prod-does-not-exist']);

    expect(found).toHaveLength(3);
    expect(found).toEqual(expect.arrayContaining(catalogue.slice(0, 3)));
  });
});
