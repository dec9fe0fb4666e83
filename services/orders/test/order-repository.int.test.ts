import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createEventPublisher } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { createOrderRepository } from '../src/adapters/order-repository.js';
import { orderCreatedData, placeOrder, type StoredOrder } from '../src/domain/order.js';
import { kettle, orderRequest, wok } from './fixtures.js';

// The table is the one the local cloud created from this service's serverless.yml.
const tableName = 'orders-local';
const orders = createOrderRepository({ tableName });
const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const publisher = createEventPublisher({
  source: 'orders',
  validators: eventValidators,
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
});

const newOrder = () => {
  const orderId = randomUUID();
  const eventId = randomUUID();
  const result = placeOrder(orderRequest(), { items: [kettle, wok], missing: [] }, { orderId, eventId, now: new Date() });
  if (!result.accepted) throw new Error('expected the order to be accepted');
  const event = publisher.build({ id: eventId, type: 'ORDER_CREATED', orderId, data: orderCreatedData(result.order) });
  return { order: result.order, event };
};

const itemsOf = async (orderId: string) =>
  (
    await dynamodb.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ORDER#${orderId}` },
      }),
    )
  ).Items ?? [];

describe('the order repository on DynamoDB Local', () => {
  it('stores an order and its event in the outbox together, and reads the order back as stored', async () => {
    const { order, event } = newOrder();

    await orders.create(order, event);

    expect(await orders.get(order.orderId)).toEqual<StoredOrder>(order);
    expect((await itemsOf(order.orderId)).map((item) => item['sk'])).toEqual(['ORDER', `OUTBOX#${event.id}`]);
  });

  it('refuses to overwrite an order, and then writes no second outbox entry', async () => {
    const { order, event } = newOrder();
    await orders.create(order, event);
    const twin = { ...event, id: randomUUID() };

    await expect(orders.create({ ...order, customerId: 'cust-intruder' }, twin)).rejects.toThrow(
      /ConditionalCheckFailed|Transaction cancelled/,
    );

    expect(await orders.get(order.orderId)).toMatchObject({ customerId: order.customerId });
    expect(await itemsOf(order.orderId)).toHaveLength(2);
  });

  it('writes a changed order only over the version it was read at', async () => {
    const { order, event } = newOrder();
    await orders.create(order, event);
    const changed = { ...order, status: 'INVOICE_CREATED' as const, version: 2 };

    expect(await orders.update(changed, 1)).toBe(true);
    expect(await orders.update({ ...changed, status: 'CANCELLED', version: 2 }, 1)).toBe(false);
    expect(await orders.get(order.orderId)).toMatchObject({ status: 'INVOICE_CREATED', version: 2 });
  });

  it('finds nothing for an unknown order', async () => {
    expect(await orders.get(randomUUID())).toBeUndefined();
  });
});

describe('creating an order together with other writes', () => {
  it('writes them in the same transaction, and none of them when one condition fails', async () => {
    const { order, event } = newOrder();
    const marker = { pk: `TEST#${randomUUID()}`, sk: 'MARKER' };
    const failing = { Put: { TableName: tableName, Item: marker, ConditionExpression: 'attribute_exists(pk)' } };

    await expect(orders.create(order, event, [failing])).rejects.toThrow();
    expect(await orders.get(order.orderId)).toBeUndefined();

    await orders.create(order, event, [{ Put: { TableName: tableName, Item: marker } }]);
    expect(await orders.get(order.orderId)).toBeDefined();
    expect(await itemsOf(order.orderId)).toHaveLength(2);
  });
});
