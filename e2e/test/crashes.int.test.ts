import { randomUUID } from 'node:crypto';
import { listDeadLetters, recordedProcessOf, reportFigure } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { bookingsOf, moneyOf, operatorApi, orderFor, ordersUrl, someProducts, tokenFor, uniqueCustomer } from './stack.js';

needs('local-issuer', 'payment-ledger', 'carrier-sandbox', 'dead-letters', 'kill-processes');

const burst = 40;
const clientsAtOnce = 8;
/** Which service's process is killed when, in milliseconds from the burst's start: each the way the OOM killer would. */
const kills: Array<[number, string]> = [
  [1_500, 'billing'],
  [3_000, 'invoice'],
  [4_500, 'shipment'],
  [6_000, 'orders'],
  [7_500, 'email'],
  [10_000, 'billing'],
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Places one order as a client with an Idempotency-Key does: a 502 (orders' process died under the
 * request) or a 409 (the request it died under still holds the key) is asked again, with the same key.
 */
const placeUntilAnswered = async (answers: Record<number, number>): Promise<string> => {
  const customerId = uniqueCustomer();
  const body = JSON.stringify(orderFor(customerId, await someProducts(1)));
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${await tokenFor(customerId)}`,
    'idempotency-key': randomUUID(),
  };
  for (;;) {
    const response = await fetch(`${ordersUrl}/orders`, { method: 'POST', headers, body });
    answers[response.status] = (answers[response.status] ?? 0) + 1;
    if (response.status === 201) return ((await response.json()) as { orderId: string }).orderId;
    await response.body?.cancel();
    if (response.status !== 502 && response.status !== 409) throw new Error(`POST /orders answered ${response.status}`);
    await sleep(1_000);
  }
};

const orderOf = async (orderId: string) => (await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } })).data;

describe("the local cloud, when services' processes die during a burst of orders", () => {
  it('ends every order, charges and books each once, and loses nothing', { timeout: 240_000 }, async () => {
    const answers: Record<number, number> = {};
    const started = Date.now();
    const killed: Array<{ service: string; pid: number; atMs: number }> = [];
    const killing = (async () => {
      for (const [atMs, service] of kills) {
        await sleep(atMs - (Date.now() - started));
        const pid = recordedProcessOf(service);
        if (pid === undefined) throw new Error(`the local cloud records no process for ${service}`);
        process.kill(pid, 'SIGKILL');
        killed.push({ service, pid, atMs: Date.now() - started });
        // The next kill of this service is of the process started in its place.
        await expect
          .poll(() => recordedProcessOf(service), { message: `${service} to be started again`, timeout: 30_000 })
          .not.toBe(pid);
      }
    })();
    const orderIds: string[] = [];
    const queue = Array.from({ length: burst }, (_, index) => index);
    await Promise.all(
      Array.from({ length: clientsAtOnce }, async () => {
        while (queue.shift() !== undefined) {
          orderIds.push(await placeUntilAnswered(answers));
          await sleep(200);
        }
      }),
    );
    await killing;

    const orders = await vi.waitFor(
      async () => {
        const all = await Promise.all(orderIds.map(orderOf));
        expect(all.map((order) => order?.status)).toEqual(orderIds.map(() => 'SHIPPED'));
        return all;
      },
      { timeout: 180_000, interval: 2_000 },
    );
    const endedAfterMs = Date.now() - started;
    const money = await Promise.all(orderIds.map(moneyOf));
    const bookings = await Promise.all(orderIds.map(bookingsOf));
    const ours = new Set(orderIds);
    const deadLetters = (await listDeadLetters()).filter((letter) => letter.orderId && ours.has(letter.orderId));
    reportFigure('crashes during a burst', {
      orders: orderIds.length,
      killed: killed.map(({ service, atMs }) => `${service}@${(atMs / 1000).toFixed(1)}s`).join(' '),
      postAnswers: JSON.stringify(answers),
      allShippedAfterS: endedAfterMs / 1000,
    });

    expect(new Set(orderIds).size).toBe(burst);
    expect(killed.map(({ service }) => service)).toEqual(kills.map(([, service]) => service));
    expect(orders).toHaveLength(burst);
    // Charged exactly its total, once, and never refunded.
    expect(money).toEqual(orders.map((order) => ({ charged: order!.total.amount, refunds: [], refunded: 0 })));
    expect(bookings.map((booked) => booked.length)).toEqual(orderIds.map(() => 1));
    expect(deadLetters).toEqual([]);
  });
});
