import type { Product } from '@ecommerce/api-client';
import { describe, expect, it } from 'vitest';
import { cachedCatalogue, type ProductCatalogue } from '../../src/adapters/product-catalogue.js';
import type { CatalogueAnswer } from '../../src/domain/order.js';
import { kettle, wok } from '../fixtures.js';

/** A catalogue of `products` that counts what it is asked, and a clock the test moves. */
const catalogueOf = (products: Product[]) => {
  const asked: string[][] = [];
  let failing = false;
  const upstream: ProductCatalogue = {
    lookup: async (ids) => {
      asked.push(ids);
      if (failing) throw new Error('the products service did not answer');
      return {
        items: products.filter((product) => ids.includes(product.productId)),
        missing: ids.filter((id) => !products.some((product) => product.productId === id)),
      };
    },
  };
  const clock = { at: 0 };
  return {
    asked,
    clock,
    products,
    fail: (yes: boolean) => void (failing = yes),
    kept: (options: { maxProducts?: number } = {}) =>
      cachedCatalogue(upstream, { maxAgeMs: 30_000, now: () => clock.at, ...options }),
  };
};

const always = () => true;
const never = () => false;

describe('cachedCatalogue', () => {
  it('answers from what it kept, without asking the catalogue again, while the answer is trusted and young', async () => {
    const catalogue = catalogueOf([kettle, wok]);
    const kept = catalogue.kept();

    await kept.lookup([kettle.productId, wok.productId], always);
    catalogue.clock.at = 29_999;
    const answer = await kept.lookup([wok.productId, kettle.productId], always);

    expect(catalogue.asked).toEqual([[kettle.productId, wok.productId]]);
    expect(answer).toEqual({ items: [wok, kettle], missing: [] });
  });

  it('asks the catalogue again once what it kept is maxAgeMs old', async () => {
    const catalogue = catalogueOf([kettle]);
    const kept = catalogue.kept();
    await kept.lookup([kettle.productId], always);

    catalogue.clock.at = 30_000;
    await kept.lookup([kettle.productId], always);

    expect(catalogue.asked).toHaveLength(2);
  });

  it('asks the catalogue now when a kept answer is not trusted, and gives that answer whether trusted or not', async () => {
    const catalogue = catalogueOf([kettle]);
    const kept = catalogue.kept();
    await kept.lookup([kettle.productId], always);
    catalogue.products[0] = { ...kettle, unitPrice: 3999 };
    const seen: CatalogueAnswer[] = [];

    const answer = await kept.lookup([kettle.productId], (candidate) => (seen.push(candidate), false));

    expect(catalogue.asked).toHaveLength(2);
    expect(answer.items).toEqual([{ ...kettle, unitPrice: 3999 }]);
    expect(seen).toEqual([{ items: [kettle], missing: [] }]);
    // The answer of now replaced the old one: the next lookup is answered with the new price.
    expect((await kept.lookup([kettle.productId], always)).items[0]?.unitPrice).toBe(3999);
    expect(catalogue.asked).toHaveLength(2);
  });

  it('asks for all the products when any of them is not kept', async () => {
    const catalogue = catalogueOf([kettle, wok]);
    const kept = catalogue.kept();
    await kept.lookup([kettle.productId], always);

    await kept.lookup([kettle.productId, wok.productId], always);

    expect(catalogue.asked).toEqual([[kettle.productId], [kettle.productId, wok.productId]]);
  });

  it('keeps no failure and no product the catalogue does not know: both are asked again', async () => {
    const catalogue = catalogueOf([kettle]);
    const kept = catalogue.kept();
    catalogue.fail(true);
    await expect(kept.lookup([kettle.productId], always)).rejects.toThrow('did not answer');
    catalogue.fail(false);

    await kept.lookup([kettle.productId], always);
    await kept.lookup(['prod-unicorn'], always);
    await kept.lookup(['prod-unicorn'], always);

    expect(catalogue.asked).toEqual([[kettle.productId], [kettle.productId], ['prod-unicorn'], ['prod-unicorn']]);
  });

  it('forgets a product the catalogue says it no longer has', async () => {
    const catalogue = catalogueOf([kettle]);
    const kept = catalogue.kept();
    await kept.lookup([kettle.productId], always);
    catalogue.products.pop();

    await kept.lookup([kettle.productId], never);
    await kept.lookup([kettle.productId], always);

    expect(catalogue.asked).toHaveLength(3);
  });

  it('keeps at most maxProducts, letting the longest kept go first', async () => {
    const catalogue = catalogueOf([kettle, wok]);
    const kept = catalogue.kept({ maxProducts: 1 });
    await kept.lookup([kettle.productId], always);
    await kept.lookup([wok.productId], always);

    await kept.lookup([wok.productId], always);
    await kept.lookup([kettle.productId], always);

    expect(catalogue.asked).toEqual([[kettle.productId], [wok.productId], [kettle.productId]]);
  });
});
