import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import {
  invoicesUrl,
  newCustomer,
  operatorApi,
  operatorId,
  orderFor,
  ordersApiAs,
  placeOrder,
  productsApi,
  someProducts,
  tokenFor,
} from './stack.js';

// Customers come from newCustomer(): on a deployed stage each is a user of its pool.
needs();

describe("someone else's order", () => {
  let owner: string;
  let stranger: ReturnType<typeof ordersApiAs>;
  let orderId: string;

  beforeAll(async () => {
    [owner, stranger] = [await newCustomer(), ordersApiAs(await newCustomer())];
    const { data } = await placeOrder(orderFor(owner, await someProducts(1)));
    orderId = data!.orderId;
  });

  it('is answered 404, exactly as an order that does not exist', async () => {
    const theirs = await stranger.GET('/orders/{orderId}', { params: { path: { orderId } } });
    const nobodys = await stranger.GET('/orders/{orderId}', { params: { path: { orderId: `ord-${randomUUID()}` } } });

    expect(theirs.response.status).toBe(404);
    expect(theirs.error).toEqual({ code: 'order_not_found', message: `There is no order ${orderId}.`, details: [] });
    expect(nobodys.response.status).toBe(404);
    expect(nobodys.error?.code).toBe(theirs.error?.code);
  });

  it('cannot be cancelled by another customer (404), and stays as it was', async () => {
    const { response } = await stranger.POST('/orders/{orderId}/cancel', { params: { path: { orderId } } });

    expect(response.status).toBe(404);
    const { data } = await ordersApiAs(owner).GET('/orders/{orderId}', { params: { path: { orderId } } });
    expect(data?.history.map((entry) => entry.status)).not.toContain('CANCELLED');
  });

  it('is read by an operator, who may not cancel it in the customer’s name (403)', async () => {
    const read = await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } });
    const cancel = await operatorApi.POST('/orders/{orderId}/cancel', { params: { path: { orderId } } });

    expect(read.response.status).toBe(200);
    expect(read.data?.customerId).toBe(owner);
    expect(cancel.response.status).toBe(403);
    expect(cancel.error?.code).toBe('forbidden');
  });

  it('has an invoice that only its customer and operators can read', async () => {
    const invoiceUrl = `${invoicesUrl}/invoices/inv-${orderId}`;
    const as = async (customerId: string, groups: string[] = []) =>
      (await fetch(invoiceUrl, { headers: { authorization: `Bearer ${await tokenFor(customerId, groups)}` } })).status;

    await expect.poll(() => as(owner), { timeout: 30_000, interval: 100, message: 'the invoice' }).toBe(200);
    expect(await as(await newCustomer())).toBe(404);
    expect(await as(operatorId, ['operators'])).toBe(200);
  });
});

describe("a customer's list of orders", () => {
  let customerId: string;
  const placed: string[] = [];

  beforeAll(async () => {
    customerId = await newCustomer();
    const products = await someProducts(1);
    for (let n = 0; n < 5; n += 1) placed.push((await placeOrder(orderFor(customerId, products))).data!.orderId);
  });

  it('holds their orders, newest first, a page at a time', async () => {
    const api = ordersApiAs(customerId);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data, response } = await api.GET('/orders', { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } } });
      expect(response.status).toBe(200);
      expect(data!.items.length).toBeLessThanOrEqual(2);
      seen.push(...data!.items.map((order) => order.orderId));
      cursor = data!.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    expect(seen).toEqual([...placed].reverse());
    expect(pages).toBe(3);
  });

  it("holds no one else's orders", async () => {
    const { data } = await ordersApiAs(await newCustomer()).GET('/orders');

    expect(data?.items).toEqual([]);
    expect(data).not.toHaveProperty('nextCursor');
  });

  it('is listed for an operator who names the customer, and refused (403) to another customer who does', async () => {
    const asOperator = await operatorApi.GET('/orders', { params: { query: { customerId } } });
    const asStranger = await ordersApiAs(await newCustomer()).GET('/orders', { params: { query: { customerId } } });

    expect(asOperator.data?.items.map((order) => order.orderId)).toEqual([...placed].reverse());
    expect(asStranger.response.status).toBe(403);
  });

  it("cannot be read with a cursor of another customer's list", async () => {
    const { data } = await ordersApiAs(customerId).GET('/orders', { params: { query: { limit: 1 } } });

    const { response, error } = await ordersApiAs(await newCustomer()).GET('/orders', {
      params: { query: { cursor: data!.nextCursor! } },
    });

    expect(response.status).toBe(400);
    expect(error?.details).toEqual([{ path: 'cursor', message: "continues another customer's list" }]);
  });
});

describe('the catalogue', () => {
  it('is public: no token is needed', async () => {
    const { response } = await productsApi.GET('/products');

    expect(response.status).toBe(200);
  });
});
