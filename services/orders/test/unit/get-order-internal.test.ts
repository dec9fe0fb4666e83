import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import { placeOrder } from '../../src/domain/order.js';
import { createHandler } from '../../src/functions/get-order-internal/make-handler.js';
import { kettle, placing, wok } from '../fixtures.js';

const placed = placeOrder(
  placing(),
  { items: [kettle, wok], missing: [] },
  { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000001', now: new Date('2026-11-21T10:00:00.000Z') },
);
if (!placed.accepted) throw new Error('expected the order to be accepted');
const orders = { get: async () => placed.order } as unknown as OrderRepository;

/** A request of another service, as API Gateway hands it over: `resource` is the route's path. */
const read = async (resource: string) => {
  const request = { resource, pathParameters: { orderId: 'ord-1' }, headers: {} } as unknown as APIGatewayProxyEvent;
  const response = await createHandler(orders)(request, {} as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
};

describe('the internal order routes', () => {
  it('answer GET /internal/orders/{orderId} without the payment token', async () => {
    const { status, body } = await read('/internal/orders/{orderId}');

    expect(status).toBe(200);
    expect(body).toMatchObject({ orderId: 'ord-1', total: placed.order.total });
    expect(body).not.toHaveProperty('paymentToken');
    expect(body).not.toHaveProperty('version');
  });

  it("answer GET /internal/orders/{orderId}/payment, billing's, with it", async () => {
    const { status, body } = await read('/internal/orders/{orderId}/payment');

    expect(status).toBe(200);
    expect(body).toMatchObject({ orderId: 'ord-1', paymentToken: 'pm_card_visa' });
    expect(body).not.toHaveProperty('version');
  });
});
