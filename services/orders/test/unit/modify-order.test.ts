import type { Caller } from '@ecommerce/lambda-kit';
import { HttpError } from '@ecommerce/lambda-kit';
import { createEventBuilder, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { modifyOrder } from '../../src/functions/modify-order/modify-order.js';
import { kettle, placing, wok } from '../fixtures.js';

const placed = (overrides: Partial<StoredOrder> = {}): StoredOrder => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000001', now: new Date('2026-11-21T10:00:00.000Z') },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return { ...result.order, ...overrides };
};
const paid = () => placed({ status: 'PAYMENT_CONFIRMED' });

/** Orders with a version check as the table's; `meanwhile` is what another writer does between a read and the first write. */
const fakes = (initial: StoredOrder, { meanwhile }: { meanwhile?: (order: StoredOrder) => StoredOrder } = {}) => {
  let current = initial;
  let interfere = meanwhile;
  const announced: OrderEvent[] = [];
  const orders: Pick<OrderRepository, 'get' | 'update'> = {
    get: async () => current,
    update: async (order, expected, event) => {
      if (interfere) {
        current = { ...interfere(current), version: current.version + 1 };
        interfere = undefined;
      }
      if (expected !== current.version) return false;
      current = order;
      if (event) announced.push(event);
      return true;
    },
  };
  const lookups: string[][] = [];
  const deps = {
    catalogue: {
      lookup: async (ids: string[]) => (
        lookups.push(ids),
        { items: [kettle, wok].filter((p) => ids.includes(p.productId)), missing: [] }
      ),
    },
    orders,
    events: createEventBuilder({ source: 'orders', validators: eventValidators }),
  };
  return { deps, announced, lookups, current: () => current };
};

const customer: Caller = { customerId: 'cust-42', isOperator: false };
const stranger: Caller = { customerId: 'cust-7', isOperator: false };
const operator: Caller = { customerId: 'op-1', isOperator: true };
const asked = (caller: Caller, body: object) => ({ pathParameters: { orderId: 'ord-1' }, caller, body, headers: {} }) as never;

const newAddress = { name: 'Ada Lovelace', street: ['1 New Street'], city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' };
// Two kettles and a wok (116.88) become one kettle and the wok (80.89): 34.99 comes back.
const oneKettle = [
  { productId: kettle.productId, quantity: 1, unitPrice: kettle.unitPrice },
  { productId: wok.productId, quantity: 1, unitPrice: wok.unitPrice },
];

const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return { status: error.statusCode, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('PATCH /orders/{orderId}: the delivery address', () => {
  it('moves the address, shows the change in the history, and announces ORDER_MODIFIED version 2', async () => {
    const { deps, announced, current } = fakes(placed());

    const response = await modifyOrder(deps, asked(customer, { deliveryAddress: newAddress }));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ deliveryAddress: newAddress, status: 'ORDER_CREATED' });
    expect(announced).toEqual([
      expect.objectContaining({
        type: 'ORDER_MODIFIED',
        version: 2,
        data: expect.objectContaining({ changed: ['deliveryAddress'], changedBy: 'customer' }),
      }),
    ]);
    const [event] = announced as Array<Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>>;
    expect(event!.data.old.deliveryAddress).toEqual(placed().deliveryAddress);
    expect(current().history.at(-1)).toMatchObject({ status: 'ORDER_MODIFIED', eventId: event!.id });
  });

  it.each([
    ['PARCEL_BOOKING', 'parcel_booked'],
    ['SHIPPED', 'parcel_booked'],
    ['CANCELLED', 'order_ended'],
    ['PAYMENT_FAILED', 'order_ended'],
    ['SHIPMENT_ERROR', 'order_ended'],
  ] as const)('answers 409 for an order that is %s (%s), and announces nothing', async (status, code) => {
    const { deps, announced } = fakes(placed({ status }));

    expect(await refusal(modifyOrder(deps, asked(customer, { deliveryAddress: newAddress })))).toEqual({ status: 409, code });
    expect(announced).toEqual([]);
  });

  it("judges the change again on the order another writer left: shipment's lock that won the race answers 409", async () => {
    const { deps, announced } = fakes(paid(), { meanwhile: (order) => ({ ...order, status: 'PARCEL_BOOKING' }) });

    expect(await refusal(modifyOrder(deps, asked(customer, { deliveryAddress: newAddress })))).toEqual({
      status: 409,
      code: 'parcel_booked',
    });
    expect(announced).toEqual([]);
  });

  it('keeps both of two racing changes: the second is applied over the first, not in its place', async () => {
    const other = { ...newAddress, city: 'York' };
    const { deps, announced, current } = fakes(placed(), {
      meanwhile: (order) => ({
        ...order,
        deliveryAddress: other,
        history: [...order.history, { status: 'ORDER_MODIFIED', at: order.updatedAt }],
      }),
    });

    await modifyOrder(deps, asked(customer, { deliveryAddress: newAddress }));

    const [event] = announced as Array<Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>>;
    expect(event!.data.old.deliveryAddress).toEqual(other);
    expect(current().history.filter((entry) => entry.status === 'ORDER_MODIFIED')).toHaveLength(2);
  });

  it('answers 404 to another customer and 403 to an operator', async () => {
    expect(await refusal(modifyOrder(fakes(placed()).deps, asked(stranger, { deliveryAddress: newAddress })))).toEqual({
      status: 404,
      code: 'order_not_found',
    });
    expect(await refusal(modifyOrder(fakes(placed()).deps, asked(operator, { deliveryAddress: newAddress })))).toEqual({
      status: 403,
      code: 'forbidden',
    });
  });

  it('answers the order as it is, announcing nothing, when the address is the one it holds', async () => {
    const { deps, announced } = fakes(placed());

    expect((await modifyOrder(deps, asked(customer, { deliveryAddress: placed().deliveryAddress }))).statusCode).toBe(200);
    expect(announced).toEqual([]);
  });
});

describe('PATCH /orders/{orderId}: the items, by operators', () => {
  it('lowers a quantity: new lines priced by the catalogue, a lower total, the difference in ORDER_MODIFIED', async () => {
    const { deps, announced, lookups } = fakes(paid());

    const response = await modifyOrder(deps, asked(operator, { items: oneKettle }));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ total: { amount: 3499 + 4590, currency: 'EUR' } });
    expect(lookups).toEqual([[kettle.productId, wok.productId]]);
    const [event] = announced as Array<Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>>;
    expect(event!.data).toMatchObject({ changed: ['items', 'subtotal', 'total'], changedBy: 'operator' });
    expect(event!.data.old.total.amount - event!.data.new.total.amount).toBe(3499);
  });

  it('refuses with 422 a change that raises what the customer pays', async () => {
    const { deps, announced } = fakes(paid());
    const more = [{ productId: wok.productId, quantity: 3, unitPrice: wok.unitPrice }];

    expect(await refusal(modifyOrder(deps, asked(operator, { items: more })))).toEqual({ status: 422, code: 'total_raised' });
    expect(announced).toEqual([]);
  });

  it('refuses with 422 lines the catalogue does not accept, as at creation', async () => {
    const { deps } = fakes(paid());

    expect(
      await refusal(modifyOrder(deps, asked(operator, { items: [{ productId: wok.productId, quantity: 1, unitPrice: 1 }] }))),
    ).toEqual({
      status: 422,
      code: 'order_rejected',
    });
  });

  it('refuses with 409 a change before the payment is confirmed: there is nothing to refund yet', async () => {
    const { deps } = fakes(placed({ status: 'INVOICE_CREATED' }));

    expect(await refusal(modifyOrder(deps, asked(operator, { items: oneKettle })))).toEqual({
      status: 409,
      code: 'payment_not_confirmed',
    });
  });

  it('answers 403 to the customer on their own order and 404 to another customer', async () => {
    expect(await refusal(modifyOrder(fakes(paid()).deps, asked(customer, { items: oneKettle })))).toEqual({
      status: 403,
      code: 'forbidden',
    });
    expect(await refusal(modifyOrder(fakes(paid()).deps, asked(stranger, { items: oneKettle })))).toEqual({
      status: 404,
      code: 'order_not_found',
    });
  });
});
