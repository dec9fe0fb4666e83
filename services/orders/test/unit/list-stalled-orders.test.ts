import { encodeCursor } from '@ecommerce/lambda-kit';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { OrderRepository, WaitingOrder, WaitingOrdersKey } from '../../src/adapters/order-repository.js';
import { createHandler } from '../../src/functions/list-stalled-orders/make-handler.js';

const waiting: WaitingOrder = {
  orderId: 'ord-1',
  customerId: 'cust-42',
  status: 'PAYMENT_CONFIRMED',
  total: { amount: 8098, currency: 'EUR' },
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:30.000Z',
  waitingSince: '2026-11-22T10:00:30.000Z',
};
const stopKey = (waitingIn = 'STALLED'): WaitingOrdersKey => ({
  waitingIn,
  waitingSince: '2026-11-22T10:00:30.000Z',
  pk: 'ORDER#ord-1',
  sk: 'ORDER',
});

const fakeOrders = () => {
  const asked: Array<{ waitingIn: string; limit: number; after?: WaitingOrdersKey; until?: string }> = [];
  const orders: Pick<OrderRepository, 'listWaiting'> = {
    listWaiting: async (waitingIn, options) => {
      asked.push({ waitingIn, ...options });
      return { items: [waiting], next: stopKey() };
    },
  };
  return { orders, asked };
};

// Token checks have tests of their own (lambda-kit); here a token names its caller, `operator.` an operator.
const verify = async (token: string) => ({
  customerId: token.replace(/^operator\./, ''),
  isOperator: token.startsWith('operator.'),
});

const list = async (orders: Pick<OrderRepository, 'listWaiting'>, token: string, query: Record<string, string> = {}) => {
  const request = {
    queryStringParameters: query,
    headers: { authorization: `Bearer ${token}` },
  } as unknown as APIGatewayProxyEvent;
  const response = await createHandler(orders, verify)(request, {} as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

describe('GET /orders/stalled', () => {
  it('lists the stalled orders for an operator, from the STALLED partition of the index, with when each stalled', async () => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'operator.support-1', { limit: '5' });

    expect(status).toBe(200);
    const { waitingSince: _since, ...summary } = waiting;
    expect(body).toEqual({
      items: [{ ...summary, stalledAt: '2026-11-22T10:00:30.000Z' }],
      nextCursor: encodeCursor(stopKey()),
    });
    expect(asked).toEqual([{ waitingIn: 'STALLED', limit: 5 }]);
  });

  it('continues where the cursor stopped', async () => {
    const { orders, asked } = fakeOrders();

    await list(orders, 'operator.support-1', { cursor: encodeCursor(stopKey()) });

    expect(asked).toEqual([{ waitingIn: 'STALLED', limit: 20, after: stopKey() }]);
  });

  it('answers 403 to a customer and reads nothing', async () => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'cust-42');

    expect([status, body, asked]).toEqual([
      403,
      { code: 'forbidden', message: 'Only operators may list the stalled orders.', details: [] },
      [],
    ]);
  });

  it.each([
    [{ limit: '101' }, 'limit'],
    [{ cursor: 'not a cursor' }, 'cursor'],
    [{ cursor: encodeCursor(stopKey('PAYMENT_CONFIRMED')) }, 'cursor'],
    [{ cursor: encodeCursor({ ...stopKey(), waitingSince: 'yesterday' }) }, 'cursor'],
  ])('answers 400 to %j, naming %s', async (query, path) => {
    const { orders, asked } = fakeOrders();

    const { status, body } = await list(orders, 'operator.support-1', query);

    expect([status, body.details.map((issue: { path: string }) => issue.path), asked]).toEqual([400, [path], []]);
  });
});
