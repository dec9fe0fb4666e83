import { randomUUID } from 'node:crypto';
import { describeDualWrites } from '@ecommerce/outbox/dual-write-suite';
import { afterAll } from 'vitest';
import { createIdempotencyStore } from '../src/adapters/idempotency-store.js';
import { createOrderRepository } from '../src/adapters/order-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createOrder } from '../src/functions/create-order/create-order.js';
import { customerEmail, kettle, orderRequest, wok } from './fixtures.js';
import { scratchOrdersTable } from './scratch-orders-table.js';

const table = await scratchOrdersTable();
afterAll(table.drop);
const { tableName } = table;
const client = createDocumentClient();

describeDualWrites('an order and its ORDER_CREATED', 'orders', {
  tableName,
  client,
  runs: 25,
  announcedBy: 'ORDER_CREATED',
  // The writer only commits; the table's stream (or the outbox catch-up) sends the event, so no crash of the
  // writer can make it send an event twice.
  sentBy: 'the stream relay',
  input: () => ({ orderId: randomUUID() }),
  act: ({ orderId }, faulty) => {
    const ids = [orderId, randomUUID()];
    return createOrder(
      {
        catalogue: { lookup: async () => ({ items: [kettle, wok], missing: [] }) },
        emails: { of: async () => ({ address: customerEmail, verified: true }) },
        orders: createOrderRepository({ tableName, client: faulty.client }),
        events: faulty.publisher('orders'),
        keys: createIdempotencyStore({ tableName, client: faulty.client }),
        newId: () => ids.shift()!,
      },
      {
        body: orderRequest(),
        headers: { authorization: 'Bearer cust-42' },
        caller: { customerId: 'cust-42', isOperator: false },
      } as unknown as Parameters<typeof createOrder>[1],
    );
  },
  isStored: async ({ orderId }) => (await createOrderRepository({ tableName, client }).get(orderId)) !== undefined,
});
