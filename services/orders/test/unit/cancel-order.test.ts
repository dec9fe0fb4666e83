import { createEventBuilder, type OrderEvent } from '@ecommerce/shared-events';
import type { Caller } from '@ecommerce/lambda-kit';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { cancelOrder } from '../../src/functions/cancel-order/cancel-order.js';
import { kettle, placing, wok } from '../fixtures.js';

const placed = () => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000001', now: new Date() },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return result.order;
};

const fakes = (initial: StoredOrder, { conflicts = 0 } = {}) => {
  let current = initial;
  let conflictsLeft = conflicts;
  const announced: OrderEvent[] = [];
  const orders: Pick<OrderRepository, 'get' | 'update'> = {
    get: async () => current,
    update: async (order, expected, event) => {
      if (conflictsLeft > 0) {
        conflictsLeft -= 1;
        current = { ...current, version: current.version + 1 };
        return false;
      }
      if (expected !== current.version) return false;
      current = order;
      if (event) announced.push(event);
      return true;
    },
  };
  const deps = {
    orders,
    events: createEventBuilder({ source: 'orders', validators: eventValidators }),
  };
  return { deps, announced, current: () => current };
};

const asCaller = (caller: Caller) => ({ pathParameters: { orderId: 'ord-1' }, caller });
// The customer of placing().
const request = asCaller({ customerId: 'cust-42', isOperator: false });

describe('POST /orders/{orderId}/cancel', () => {
  it('cancels the order and announces ORDER_CANCELLED with it', async () => {
    const { deps, announced, current } = fakes(placed());

    const response = await cancelOrder(deps, request);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'CANCELLED' });
    expect(announced).toEqual([
      expect.objectContaining({ type: 'ORDER_CANCELLED', data: { cancelledBy: 'customer', reason: expect.any(Object) } }),
    ]);
    expect(current().history.at(-1)?.eventId).toBe(announced[0]!.id);
  });

  it('reads the order again when the pipeline moved it meanwhile', async () => {
    const { deps, announced } = fakes(placed(), { conflicts: 2 });

    expect((await cancelOrder(deps, request)).statusCode).toBe(200);
    expect(announced).toHaveLength(1);
  });

  it('answers 409 for an order that shipped, and announces nothing', async () => {
    const { deps, announced } = fakes({ ...placed(), status: 'SHIPPED' });

    await expect(cancelOrder(deps, request)).rejects.toMatchObject({ statusCode: 409, code: 'order_not_cancellable' });
    expect(announced).toEqual([]);
  });

  it('answers a cancelled order as it is, announcing nothing more', async () => {
    const { deps, announced } = fakes({ ...placed(), status: 'CANCELLED' });

    expect((await cancelOrder(deps, request)).statusCode).toBe(200);
    expect(announced).toEqual([]);
  });

  it('answers 404 to another customer, as for an unknown order, and changes nothing', async () => {
    const { deps, announced, current } = fakes(placed());

    await expect(cancelOrder(deps, asCaller({ customerId: 'cust-43', isOperator: false }))).rejects.toMatchObject({
      statusCode: 404,
      code: 'order_not_found',
      message: 'There is no order ord-1.',
    });
    expect([announced, current().status]).toEqual([[], 'ORDER_CREATED']);
  });

  it("answers 403 to an operator, who may read the order but not cancel it in the customer's name", async () => {
    const { deps, announced } = fakes(placed());

    await expect(cancelOrder(deps, asCaller({ customerId: 'op-1', isOperator: true }))).rejects.toMatchObject({
      statusCode: 403,
      code: 'forbidden',
    });
    expect(announced).toEqual([]);
  });
});
