import { randomUUID } from 'node:crypto';
import { listDeadLetters, redriveDeadLetter, reportFigure } from '@ecommerce/local-cloud';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { createPoisonedOrder, publishPoisonMessage } from './poison-message.js';
import { operatorApi, orderFor, placeOrder, someProducts, settling } from './stack.js';

needs('local-issuer', 'sns-hub', 'dead-letters');

describe('a poison message', () => {
  it('reaches the dead letters after the retries, while other orders keep flowing, and can be redriven', async () => {
    // An invoice for an order that orders does not know, which its consumers fail on every try.
    const poison = await publishPoisonMessage();
    const orderId = poison.orderId;
    const published = Date.now();

    const { data: healthy } = await placeOrder(orderFor(`cust-${randomUUID()}`, await someProducts(1)));
    const shipped = await vi.waitFor(async () => {
      const { data } = await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId: healthy!.orderId } } });
      expect(data?.status, 'a healthy order to ship meanwhile').toBe('SHIPPED');
      return Date.now() - published;
    }, settling);

    const letters = await vi.waitFor(
      async () => {
        const mine = (await listDeadLetters()).filter((letter) => letter.eventId === poison.id);
        expect(mine, 'the poison in the dead letters of its three consumers').toHaveLength(3);
        return mine;
      },
      { ...settling, timeout: 30_000 },
    );
    const deadLetteredAfter = Date.now() - published;
    expect(letters.map((letter) => `${letter.service}/${letter.function}`).sort()).toEqual([
      'billing/chargeInvoice',
      'email/sendEmail',
      'orders/trackOrder',
    ]);
    for (const letter of letters) {
      expect(letter).toMatchObject({ attempts: 3, eventType: 'INVOICE_CREATED', orderId });
      expect(letter.error).toMatch(/404|does not exist/);
    }
    expect(shipped).toBeLessThan(deadLetteredAfter);

    // The cause goes away (here: the order appears), and the dead letter is redriven.
    await createPoisonedOrder(poison);
    const tracking = letters.find((letter) => letter.function === 'trackOrder')!;
    expect(await redriveDeadLetter(tracking)).toEqual({ ok: true });

    const { data: order } = await operatorApi.GET('/orders/{orderId}', { params: { path: { orderId } } });
    expect(order?.history.map((entry) => entry.status)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED']);
    expect((await listDeadLetters()).filter((letter) => letter.eventId === poison.id)).toHaveLength(2);
    reportFigure('poison messages', {
      attempts: tracking.attempts,
      deadLetteredAfterMs: deadLetteredAfter,
      healthyOrderShippedAfterMs: shipped,
      redriven: 1,
    });
  });
});
