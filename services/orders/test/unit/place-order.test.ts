import { describe, expect, it } from 'vitest';
import {
  customerView,
  payableView,
  placeOrder,
  requestedProductIds,
  serviceView,
  type CatalogueAnswer,
} from '../../src/domain/order.js';
import { kettle, placing, wok } from '../fixtures.js';

const ids = { orderId: 'ord-1', eventId: '6c1f7f5e-7d3a-4c55-9a59-0f9a7c3a2b10', now: new Date('2026-11-21T10:00:00Z') };
const catalogue: CatalogueAnswer = { items: [kettle, wok], missing: [] };

describe('placeOrder', () => {
  it('computes every line total and the order total on the server, delivery free from 50.00', () => {
    const result = placeOrder(placing(), catalogue, ids);

    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.order.items.map((line) => line.lineTotal)).toEqual([
      { amount: 6998, currency: 'EUR' },
      { amount: 4590, currency: 'EUR' },
    ]);
    expect([result.order.subtotal, result.order.delivery, result.order.total]).toEqual([
      { amount: 11588, currency: 'EUR' },
      { amount: 0, currency: 'EUR' },
      { amount: 11588, currency: 'EUR' },
    ]);
  });

  it('charges 4.90 for delivery below 50.00 of goods', () => {
    const request = placing({ items: [{ productId: kettle.productId, quantity: 1, unitPrice: kettle.unitPrice }] });

    const result = placeOrder(request, catalogue, ids);

    expect(result).toMatchObject({
      accepted: true,
      order: { subtotal: { amount: 3499 }, delivery: { amount: 490 }, total: { amount: 3989, currency: 'EUR' } },
    });
  });

  it('copies the product details and the address, so the order outlives catalogue changes', () => {
    const request = placing();
    const result = placeOrder(request, catalogue, ids);
    if (!result.accepted) throw new Error('expected the order to be accepted');

    request.deliveryAddress.city = 'Paris';

    expect(result.order.items[0]).toEqual({
      productId: kettle.productId,
      name: 'Stovetop kettle',
      quantity: 2,
      unitPrice: { amount: 3499, currency: 'EUR' },
      lineTotal: { amount: 6998, currency: 'EUR' },
      package: kettle.package,
    });
    expect(result.order.deliveryAddress.city).toBe('London');
  });

  it('starts the order as created, with that first step in its history', () => {
    const result = placeOrder(placing(), catalogue, ids);
    if (!result.accepted) throw new Error('expected the order to be accepted');

    expect(result.order).toMatchObject({
      orderId: 'ord-1',
      status: 'ORDER_CREATED',
      createdAt: '2026-11-21T10:00:00.000Z',
      version: 1,
      history: [{ status: 'ORDER_CREATED', at: '2026-11-21T10:00:00.000Z', eventId: ids.eventId }],
    });
  });

  it('names each unknown product and each price that differs from the catalogue, all at once', () => {
    const request = placing({
      items: [
        { productId: 'prod-unicorn', quantity: 1, unitPrice: 100 },
        { productId: kettle.productId, quantity: 1, unitPrice: 2999 },
        { productId: wok.productId, quantity: 1, unitPrice: wok.unitPrice },
      ],
    });

    const result = placeOrder(request, { items: [kettle, wok], missing: ['prod-unicorn'] }, ids);

    expect(result).toEqual({
      accepted: false,
      issues: [
        { path: '/items/0/productId', message: 'there is no product prod-unicorn' },
        { path: '/items/1/unitPrice', message: 'is 2999, but the catalogue price of prod-stovetop-kettle is 3499' },
      ],
    });
  });

  it('refuses a currency the catalogue does not sell in', () => {
    const result = placeOrder(placing({ currency: 'USD' }), catalogue, ids);

    expect(result).toEqual({
      accepted: false,
      issues: [{ path: '/currency', message: 'is USD, but the catalogue sells in EUR' }],
    });
  });

  it('refuses the same product on two lines', () => {
    const line = { productId: kettle.productId, quantity: 1, unitPrice: kettle.unitPrice };

    const result = placeOrder(placing({ items: [line, line] }), catalogue, ids);

    expect(result).toEqual({
      accepted: false,
      issues: [{ path: '/items/1/productId', message: 'prod-stovetop-kettle appears more than once; order it on one line' }],
    });
  });
});

describe('requestedProductIds', () => {
  it('asks the catalogue about each product once', () => {
    const line = { productId: kettle.productId, quantity: 1, unitPrice: 1 };

    expect(requestedProductIds(placing({ items: [line, line] }))).toEqual([kettle.productId]);
  });
});

describe('order views', () => {
  const result = placeOrder(placing(), catalogue, ids);
  if (!result.accepted) throw new Error('expected the order to be accepted');

  it('show the customer no payment token and no storage version', () => {
    expect(customerView(result.order)).not.toHaveProperty('paymentToken');
    expect(customerView(result.order)).not.toHaveProperty('version');
  });

  it('show other services no payment token, and billing the payment token', () => {
    expect(serviceView(result.order)).not.toHaveProperty('paymentToken');
    expect(serviceView(result.order)).not.toHaveProperty('version');
    expect(payableView(result.order)).toMatchObject({ paymentToken: 'pm_card_visa' });
    expect(payableView(result.order)).not.toHaveProperty('version');
  });
});
