import type { CreateOrderRequest } from '@ecommerce/api-client';
import { responseIssues } from '@ecommerce/api-client/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import {
  eventsOf,
  orderFor,
  ordersUrl,
  placeOrder,
  someProducts,
  storedOrdersOf,
  tokenFor,
  uniqueCustomer,
  waitForEvent,
} from './stack.js';

needs('local-issuer', 'event-journal', 'tables');

interface Rejection {
  name: string;
  send: (customerId: string) => Promise<Response>;
  status: number;
  code: string;
  details?: unknown[];
}

/** A POST /orders by `customerId`, signed in, with the body as it is. */
const postRaw = async (customerId: string, body: string, contentType = 'application/json') =>
  fetch(`${ordersUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${await tokenFor(customerId)}` },
    body,
  });
const postOrder = (customerId: string, order: CreateOrderRequest | Record<string, unknown>) =>
  postRaw(customerId, JSON.stringify(order));

const [first, second] = await someProducts(2);

const rejections: Rejection[] = [
  {
    name: 'an unknown product',
    send: (c) => postOrder(c, orderFor(c, [first!, { ...second!, productId: 'prod-does-not-exist' }])),
    status: 422,
    code: 'order_rejected',
    details: [{ path: '/items/1/productId', message: 'there is no product prod-does-not-exist' }],
  },
  {
    name: 'a price that is not the catalogue price',
    send: (c) => postOrder(c, orderFor(c, [{ ...first!, unitPrice: first!.unitPrice - 1 }])),
    status: 422,
    code: 'order_rejected',
    details: [
      {
        path: '/items/0/unitPrice',
        message: `is ${first!.unitPrice - 1}, but the catalogue price of ${first!.productId} is ${first!.unitPrice}`,
      },
    ],
  },
  {
    name: 'a body that breaks the schema',
    send: (c) => postOrder(c, { ...orderFor(c, [first!]), currency: 'euro', deliveryAddress: { city: 'London' } }),
    status: 400,
    code: 'invalid_request',
  },
  { name: 'a body that is not JSON', send: (c) => postRaw(c, `{"customerId":"${c}",`), status: 422, code: 'malformed_json' },
  {
    name: 'a body sent as a form',
    send: (c) => postRaw(c, `customerId=${c}`, 'application/x-www-form-urlencoded'),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: "an order in another customer's name",
    // Signed in as someone else: neither of them gets an order.
    send: (c) => postOrder(`${c}-impostor`, orderFor(c, [first!])),
    status: 403,
    code: 'forbidden',
  },
];

describe('a rejected order', () => {
  const answers = new Map<string, { customerId: string; status: number; body: unknown }>();

  beforeAll(async () => {
    for (const rejection of rejections) {
      const customerId = uniqueCustomer();
      const response = await rejection.send(customerId);
      answers.set(rejection.name, { customerId, status: response.status, body: await response.json() });
    }
    // A fence: once an order placed after all the rejections has its event in the journal, an
    // event emitted by any rejection would have had its chance to arrive too.
    const fence = await placeOrder(orderFor(uniqueCustomer(), [first!]));
    await waitForEvent(fence.data!.orderId, 'ORDER_CREATED');
  });

  it.each(rejections)('with $name gets its status and a clear error, and nothing is persisted or emitted', async (rejection) => {
    const { customerId, status, body } = answers.get(rejection.name)!;

    expect(status).toBe(rejection.status);
    expect(body).toMatchObject({ code: rejection.code, message: expect.any(String) });
    if (rejection.details) expect((body as { details: unknown[] }).details).toEqual(rejection.details);
    expect(responseIssues('POST', '/orders', status, body)).toEqual([]);
    expect(await storedOrdersOf(customerId)).toEqual([]);
    expect(await eventsOf(customerId)).toEqual([]);
  });

  it('that breaks the schema lists every problem', () => {
    const { body } = answers.get('a body that breaks the schema')!;

    expect((body as { details: unknown[] }).details).toEqual(
      expect.arrayContaining([
        { path: '/currency', message: 'must match pattern "^[A-Z]{3}$"' },
        { path: '/deliveryAddress', message: "must have required property 'name'" },
        { path: '/deliveryAddress', message: "must have required property 'street'" },
      ]),
    );
  });
});
