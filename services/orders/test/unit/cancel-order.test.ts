import { createEventPublisher, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { cancelOrder } from '../../src/functions/cancel-order/cancel-order.js';
import { kettle, orderRequest, wok } from '../fixtures.js';

const placed = () => {
  const result = placeOrder(
    orderRequest(),
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
  const released: string[] = [];
  const orders: OrderRepository = {
    create: async () => {},
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
    outbox: { release: async (_partition: string, event: OrderEvent) => (released.push(event.id), true) },
    publisher: createEventPublisher({
      source: 'orders',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  return { deps, announced, released, current: () => current };
};

const request = { pathParameters: { orderId: 'ord-1' } } as unknown as APIGatewayProxyEvent;

describe('POST /orders/{orderId}/cancel', () => {
  it('cancels the order and announces ORDER_CANCELLED with it', async () => {
    const { deps, announced, released, current } = fakes(placed());

    const response = await cancelOrder(deps, request);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'CANCELLED' });
    expect(announced).toEqual([
      expect.objectContaining({ type: 'ORDER_CANCELLED', data: { cancelledBy: 'customer', reason: expect.any(Object) } }),
    ]);
    expect(released).toEqual([announced[0]!.id]);
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
});
