import type { OrderSummary } from '@ecommerce/api-client';
import { encodeCursor } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { CustomerOrdersKey, OrderRepository } from '../../src/adapters/order-repository.js';
import { createHandler } from '../../src/functions/list-orders/make-handler.js';

const summary = (orderId: string): OrderSummary => ({
  orderId,
  status: 'ORDER_CREATED',
  total: { amount: 100, currency: 'EUR' },
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
});
const stopKey = (customerId: string): CustomerOrdersKey => ({
  customerId,
  createdAt: '2026-11-21T10:00:00.000Z',
  pk: 'ORDER#ord-2',
  sk: 'ORDER',
});

const fakeOrders = () => {
  const asked: Array<{ customerId: string; limit: number; after?: CustomerOrdersKey }> = [];
  const orders: Pick<OrderRepository, 'listByCustomer'> = {
    listByCustomer: async (customerId, limit, after) => {
      asked.push({ customerId, limit, ...(after ? { after } : {}) });
      return { items: [summary(`${customerId}-order`)], next: stopKey(customerId) };
    },
  };
  return { orders, asked };
};

// Token checks have tests of their own (lambda-kit); here a token names its caller, `operator.` an operator.
const verify = async (token: string) => ({
  customerId: token.replace(/^operator\./, ''),
  isOperator: token.startsWith('operator.'),
});

const list = async (orders: Pick<OrderRepository, 'listByCustomer'>, token: string, query: Record<string, string> = {}) => {
  const request = {
    queryStringParameters: query,
    headers: { authorization: `Bearer ${token}` },
  } as unknown as APIGatewayProxyEvent;
  const response = await createHandler(orders as OrderRepository, verify)(request, {} as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe('GET /orders', () => {
  it("lists the caller's own orders, with a cursor to the next page", async () => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'cust-42', { limit: '5' });

    expect(status).toBe(200);
    expect(body).toEqual({ items: [summary('cust-42-order')], nextCursor: encodeCursor(stopKey('cust-42')) });
    expect(asked).toEqual([{ customerId: 'cust-42', limit: 5 }]);
  });

  it('continues where the cursor stopped', async () => {
    const { orders, asked } = fakeOrders();

    await list(orders, 'cust-42', { cursor: encodeCursor(stopKey('cust-42')) });

    expect(asked).toEqual([{ customerId: 'cust-42', limit: 20, after: stopKey('cust-42') }]);
  });

  it('answers 403 to a customer naming someone else, and reads nothing', async () => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'cust-42', { customerId: 'cust-43' });

    expect([status, body.code, asked]).toEqual([403, 'forbidden', []]);
  });

  it('lets a customer name themselves', async () => {
    const { orders, asked } = fakeOrders();

    expect((await list(orders, 'cust-42', { customerId: 'cust-42' })).status).toBe(200);
    expect(asked).toEqual([{ customerId: 'cust-42', limit: 20 }]);
  });

  it("lets an operator list any customer's orders", async () => {
    const { orders, asked } = fakeOrders();

    expect((await list(orders, 'operator.support-1', { customerId: 'cust-43' })).status).toBe(200);
    expect(asked).toEqual([{ customerId: 'cust-43', limit: 20 }]);
  });

  it("refuses a cursor of another customer's list, even one the API gave out", async () => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'cust-42', { cursor: encodeCursor(stopKey('cust-43')) });

    expect([status, body.details, asked]).toEqual([400, [{ path: 'cursor', message: "continues another customer's list" }], []]);
  });

  it.each([
    [{ customerId: '../etc' }, 'customerId'],
    [{ limit: '0' }, 'limit'],
    [{ cursor: encodeCursor({ customerId: 'cust-42', createdAt: 'yesterday', pk: 'ORDER#o', sk: 'ORDER' }) }, 'cursor'],
  ])('answers 400 to %j, naming %s', async (query, path) => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'cust-42', query);

    expect([status, body.details.map((issue: { path: string }) => issue.path), asked]).toEqual([400, [path], []]);
  });
});
