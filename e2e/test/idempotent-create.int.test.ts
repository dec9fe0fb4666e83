import { reportFigure } from '@ecommerce/local-cloud';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { needs } from '../src/needs.js';
import { eventsOf, orderFor, ordersUrl, someProducts, storedOrdersOf, tokenFor, uniqueCustomer, waitForEvent } from './stack.js';

needs('local-issuer', 'event-journal', 'tables');

/** POST /orders as the customer the body names, signed in. */
const post = async (body: { customerId: string }, key: string) =>
  fetch(`${ordersUrl}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      authorization: `Bearer ${await tokenFor(body.customerId)}`,
    },
    body: JSON.stringify(body),
  });

describe('POST /orders with an Idempotency-Key, over HTTP', () => {
  it('replays the first answer to a retry with the same key and body, and creates one order', async () => {
    const customerId = uniqueCustomer();
    const order = orderFor(customerId, await someProducts(1));
    const key = randomUUID();

    const first = await post(order, key);
    const retry = await post(order, key);

    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await retry.json()).toEqual(await first.json());
    expect(await storedOrdersOf(customerId)).toHaveLength(1);
  });

  it('answers 422 to the same key with another body', async () => {
    const products = await someProducts(2);
    const customerId = uniqueCustomer();
    const key = randomUUID();
    await post(orderFor(customerId, products.slice(0, 1)), key);

    const other = await post(orderFor(customerId, products), key);

    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it("keeps each customer's keys apart: two customers with one key each get their own order", async () => {
    const products = await someProducts(1);
    const [ada, grace] = [uniqueCustomer(), uniqueCustomer()];
    const key = randomUUID();

    const first = await post(orderFor(ada, products), key);
    const second = await post(orderFor(grace, products), key);

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const [mine, theirs] = [
      (await first.json()) as { orderId: string; customerId: string },
      (await second.json()) as { orderId: string; customerId: string },
    ];
    expect(theirs.orderId).not.toBe(mine.orderId);
    expect([mine.customerId, theirs.customerId]).toEqual([ada, grace]);
    expect([await storedOrdersOf(ada), await storedOrdersOf(grace)].map((orders) => orders.length)).toEqual([1, 1]);
  });

  it.each([2, 10, 100])('creates exactly one order and one ORDER_CREATED when %i twins race with one key', async (twins) => {
    const customerId = uniqueCustomer();
    const order = orderFor(customerId, await someProducts(1));
    const key = randomUUID();

    // As a client with an Idempotency-Key does, a twin answered 5xx (a local Lambda timing out on a
    // busy machine) retries with the same key.
    let retriedAfter5xx = 0;
    const postUntilAnswered = async (): Promise<Response> => {
      const answer = await post(order, key);
      if (answer.status < 500) return answer;
      retriedAfter5xx += 1;
      return postUntilAnswered();
    };
    const answers = await Promise.all(Array.from({ length: twins }, postUntilAnswered));

    const statuses = answers.map((answer) => answer.status);
    const created = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') !== 'true');
    const replayed = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length;
    const inFlight = statuses.filter((status) => status === 409).length;
    expect(created).toHaveLength(1);
    expect(replayed + inFlight).toBe(twins - 1);
    const orderId = ((await created[0]!.json()) as { orderId: string }).orderId;
    await waitForEvent(orderId, 'ORDER_CREATED');
    const orders = await storedOrdersOf(customerId);
    const events = (await eventsOf(customerId)).filter((event) => event.type === 'ORDER_CREATED');
    reportFigure('idempotent create', {
      twins,
      created: created.length,
      replayed,
      inFlight409: inFlight,
      retriedAfter5xx,
      ordersStored: orders.length,
      orderCreatedEvents: events.length,
    });
    expect(orders).toHaveLength(1);
    expect(events).toHaveLength(1);
  });
});
