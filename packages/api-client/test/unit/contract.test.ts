import { describe, expect, it } from 'vitest';
import { issuesAgainst, responseIssues } from '../../src/contract.js';
import * as schemas from '../../src/generated/openapi-validators.js';

const order = {
  customerId: 'cust-42',
  currency: 'EUR',
  items: [{ productId: 'prod-1', quantity: 2, unitPrice: 1999 }],
  deliveryAddress: {
    name: 'Ada Lovelace',
    street: ["12 St James's Square"],
    city: 'London',
    postalCode: 'SW1Y 4JH',
    country: 'GB',
  },
  paymentToken: 'pm_card_visa',
};

describe('issuesAgainst', () => {
  it('accepts the order body of the documentation', () => {
    expect(issuesAgainst(schemas.CreateOrderRequest, order)).toEqual([]);
  });

  it('follows references into shared schemas', () => {
    const issues = issuesAgainst(schemas.CreateOrderRequest, {
      ...order,
      deliveryAddress: { ...order.deliveryAddress, country: 'gb' },
    });

    expect(issues).toEqual([{ path: '/deliveryAddress/country', message: 'must match pattern "^[A-Z]{2}$"' }]);
  });

  it('rejects a price as a float', () => {
    const issues = issuesAgainst(schemas.CreateOrderRequest, {
      ...order,
      items: [{ productId: 'prod-1', quantity: 1, unitPrice: 19.99 }],
    });

    expect(issues).toEqual([{ path: '/items/0/unitPrice', message: 'must be integer' }]);
  });
});

describe('responseIssues', () => {
  it('checks an error body through the shared response description', () => {
    expect(
      responseIssues('GET', '/orders/{orderId}', 404, { code: 'order_not_found', message: 'No such order', details: [] }),
    ).toEqual([]);
    expect(responseIssues('GET', '/orders/{orderId}', 404, { error: 'nope' })).not.toEqual([]);
  });

  it('flags a status that the operation does not describe', () => {
    expect(responseIssues('GET', '/products', 404, {})).toEqual([
      { path: '/products', message: 'GET /products does not describe status 404' },
    ]);
  });

  it('refuses an internal order without its payment token, and a public one with it', () => {
    const base = {
      orderId: 'ord-1',
      status: 'ORDER_CREATED',
      customerId: 'cust-42',
      customerEmail: 'ada@example.com',
      items: [
        {
          productId: 'p',
          name: 'P',
          quantity: 1,
          unitPrice: { amount: 1, currency: 'EUR' },
          lineTotal: { amount: 1, currency: 'EUR' },
        },
      ],
      subtotal: { amount: 1, currency: 'EUR' },
      delivery: { amount: 0, currency: 'EUR' },
      total: { amount: 1, currency: 'EUR' },
      deliveryAddress: order.deliveryAddress,
      createdAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T10:00:00.000Z',
      history: [{ status: 'ORDER_CREATED', at: '2026-11-21T10:00:00.000Z' }],
    };

    expect(issuesAgainst(schemas.PayableOrder, base)).toEqual([
      { path: '', message: "must have required property 'paymentToken'" },
    ]);
    expect(issuesAgainst(schemas.PayableOrder, { ...base, paymentToken: 'pm_card_visa' })).toEqual([]);
    expect(issuesAgainst(schemas.InternalOrder, base)).toEqual([]);
    expect(issuesAgainst(schemas.InternalOrder, { ...base, paymentToken: 'pm_card_visa' })).toEqual([
      { path: '', message: "must not have property 'paymentToken'" },
    ]);
    expect(issuesAgainst(schemas.Order, { ...base, paymentToken: 'pm_card_visa' })).toEqual([
      { path: '', message: "must not have property 'paymentToken'" },
    ]);
  });
});
