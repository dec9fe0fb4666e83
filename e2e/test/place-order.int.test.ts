import { describe, expect, it, vi } from 'vitest';
import { itNeeds, needs } from '../src/needs.js';
import {
  eventsOf,
  operatorApi,
  orderFor,
  newCustomer,
  ordersApiAs,
  placeOrder,
  someProducts,
  storedOrdersOf,
  waitForEvent,
  settling,
} from './stack.js';

// Customers come from newCustomer(): on a deployed stage each is a user of its pool.
needs();

describe('a customer places an order', () => {
  itNeeds(
    ['event-journal'],
    'is answered 201 with the order, can read it back as created, and ORDER_CREATED is emitted',
    async () => {
      const products = await someProducts(2);
      const customerId = await newCustomer();

      const created = await placeOrder(orderFor(customerId, products));

      expect(created.response.status).toBe(201);
      const order = created.data!;
      const subtotal = products[0]!.unitPrice * 1 + products[1]!.unitPrice * 2;
      const expectedTotal = subtotal + (subtotal >= 5000 ? 0 : 490);
      expect(order).toMatchObject({ status: 'ORDER_CREATED', customerId, total: { amount: expectedTotal, currency: 'EUR' } });
      expect(created.response.headers.get('location')).toBe(`/orders/${order.orderId}`);

      expect(order.history).toEqual([{ status: 'ORDER_CREATED', at: order.createdAt, eventId: expect.any(String) }]);
      const read = await ordersApiAs(customerId).GET('/orders/{orderId}', { params: { path: { orderId: order.orderId } } });
      // The rest of the pipeline may already have moved it along; what was bought stays as it was.
      const { status: _readStatus, history, updatedAt: _readUpdatedAt, ...bought } = read.data!;
      const { status: _status, history: _history, updatedAt: _updatedAt, ...placed } = order;
      expect(bought).toEqual(placed);
      expect(history[0]).toEqual(order.history[0]);

      const event = await waitForEvent(order.orderId, 'ORDER_CREATED');
      expect(event).toMatchObject({
        id: order.history[0]!.eventId,
        data: { customerId, total: order.total, items: order.items },
      });
    },
  );

  it('copies each product as bought: name, price and package', async () => {
    const [product] = await someProducts(1);

    const { data: order } = await placeOrder(orderFor(await newCustomer(), [product!]));

    expect(order?.items).toEqual([
      {
        productId: product!.productId,
        name: product!.name,
        quantity: 1,
        unitPrice: { amount: product!.unitPrice, currency: 'EUR' },
        lineTotal: { amount: product!.unitPrice, currency: 'EUR' },
        package: product!.package,
      },
    ]);
  });

  it('keeps the payment token from the customer and from other services, and gives it to billing on its own route', async () => {
    const { data: order } = await placeOrder(orderFor(await newCustomer(), await someProducts(1)));
    const path = { params: { path: { orderId: order!.orderId } } };

    const internal = await operatorApi.GET('/internal/orders/{orderId}', path);
    const payable = await operatorApi.GET('/internal/orders/{orderId}/payment', path);

    expect(order).not.toHaveProperty('paymentToken');
    expect(internal.data).toMatchObject({ orderId: order!.orderId, items: order!.items, total: order!.total });
    expect(internal.data).not.toHaveProperty('paymentToken');
    expect(payable.data).toMatchObject({ orderId: order!.orderId, total: order!.total, paymentToken: 'pm_card_visa' });
  });

  itNeeds(['tables', 'event-journal'], 'persists the order, as the table shows', async () => {
    const customerId = await newCustomer();

    await placeOrder(orderFor(customerId, await someProducts(1)));

    expect(await storedOrdersOf(customerId)).toHaveLength(1);
    // The journal hears of it through the topic, a moment later on a busy machine.
    const announced = await vi.waitFor(async () => {
      const created = (await eventsOf(customerId)).filter((event) => event.type === 'ORDER_CREATED');
      expect(created.length, 'ORDER_CREATED in the event journal').toBeGreaterThan(0);
      return created;
    }, settling);
    expect(announced).toHaveLength(1);
  });
});

describe('reading orders', () => {
  it('answers 404 for an order that does not exist', async () => {
    const { response, error } = await ordersApiAs(await newCustomer()).GET('/orders/{orderId}', {
      params: { path: { orderId: 'ord-nobody-placed' } },
    });

    expect(response.status).toBe(404);
    expect(error).toEqual({ code: 'order_not_found', message: 'There is no order ord-nobody-placed.', details: [] });
  });

  it('answers 400 for a malformed order id', async () => {
    const { response, error } = await ordersApiAs(await newCustomer()).GET('/orders/{orderId}', {
      params: { path: { orderId: '-not*an id' } },
    });

    expect(response.status).toBe(400);
    expect(error?.details).toEqual([{ path: 'orderId', message: expect.stringContaining('must match pattern') }]);
  });
});
