import { randomUUID } from 'node:crypto';
import { describeDualWrites } from '@ecommerce/outbox/dual-write-suite';
import { createIdempotencyStore } from '../src/adapters/idempotency-store.js';
import { createOrderRepository } from '../src/adapters/order-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createOrder } from '../src/functions/create-order/create-order.js';
import { kettle, orderRequest, wok } from './fixtures.js';

const tableName = 'orders-local';
const client = createDocumentClient();

describeDualWrites('an order and its ORDER_CREATED', 'orders', {
  tableName,
  client,
  runs: 25,
  announcedBy: 'ORDER_CREATED',
  input: () => ({ orderId: randomUUID() }),
  act: ({ orderId }, faulty) => {
    const ids = [orderId, randomUUID()];
    return createOrder(
      {
        catalogue: { lookup: async () => ({ items: [kettle, wok], missing: [] }) },
        orders: createOrderRepository({ tableName, client: faulty.client }),
        outbox: faulty.outbox,
        publisher: faulty.publisher('orders'),
        keys: createIdempotencyStore({ tableName, client: faulty.client }),
        newId: () => ids.shift()!,
      },
      { body: orderRequest(), headers: {}, caller: { customerId: 'cust-42', isOperator: false } } as unknown as Parameters<
        typeof createOrder
      >[1],
    );
  },
  isStored: async ({ orderId }) => (await createOrderRepository({ tableName, client }).get(orderId)) !== undefined,
});
