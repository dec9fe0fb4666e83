import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import { emailOf, moneyOf, orderFor, ordersApiAs, placeOrder, settling, someProducts } from './stack.js';

needs('local-issuer', 'mailbox', 'payment-ledger', 'payment-sandbox-cards', 'carrier-sandbox');

describe('cancelling an order', () => {
  it('while its card is being charged refunds the charge, ships nothing, and tells the customer', async () => {
    // The provider takes 3 s to answer for this card: the cancellation lands while billing waits.
    const customerId = `cust-${randomUUID()}`;
    const customer = ordersApiAs(customerId);
    const body = {
      ...orderFor(customerId, await someProducts(1)),
      paymentToken: 'pm_card_slowProvider',
    };
    const { data: placed } = await placeOrder(body);
    await expect
      .poll(
        async () => (await customer.GET('/orders/{orderId}', { params: { path: { orderId: placed!.orderId } } })).data?.status,
        {
          ...settling,
          message: 'billing to be charging the card',
        },
      )
      .toBe('INVOICE_CREATED');

    const { data: cancelled, response } = await customer.POST('/orders/{orderId}/cancel', {
      params: { path: { orderId: placed!.orderId } },
    });

    expect(response.status).toBe(200);
    expect(cancelled?.status).toBe('CANCELLED');
    const settled = await vi.waitFor(
      async () => {
        const { data: order } = await customer.GET('/orders/{orderId}', { params: { path: { orderId: placed!.orderId } } });
        const money = await moneyOf(placed!.orderId);
        const done = money.charged > 0 && money.charged === money.refunded && order!.status === 'PAYMENT_REFUNDED';
        expect(done, 'the charge that raced the cancellation to be refunded').toBe(true);
        return { order: order!, money };
      },
      { ...settling, timeout: 30_000 },
    );
    expect(settled.money.charged - settled.money.refunded).toBe(0);
    const bookings = (await (await fetch(`http://127.0.0.1:3011/v1/shipments?reference=${placed!.orderId}`)).json()) as {
      data: unknown[];
    };
    expect(bookings.data).toEqual([]);
    await expect
      .poll(
        async () => {
          const { emails } = (await (await fetch('http://127.0.0.1:8005/store')).json()) as {
            emails: Array<{ subject: string; destination: { to: string[] } }>;
          };
          return emails.filter((email) => email.destination.to.includes(emailOf(customerId))).map((email) => email.subject);
        },
        { ...settling, message: 'the cancellation email' },
      )
      .toContain(`Your order ${placed!.orderId} is cancelled`);
  });

  it('is refused once it has shipped', async () => {
    const customerId = `cust-${randomUUID()}`;
    const customer = ordersApiAs(customerId);
    const { data: placed } = await placeOrder(orderFor(customerId, await someProducts(1)));
    await expect
      .poll(
        async () => (await customer.GET('/orders/{orderId}', { params: { path: { orderId: placed!.orderId } } })).data?.status,
        {
          ...settling,
          message: 'the order to ship',
        },
      )
      .toBe('SHIPPED');

    const { response, error } = await customer.POST('/orders/{orderId}/cancel', {
      params: { path: { orderId: placed!.orderId } },
    });

    expect(response.status).toBe(409);
    expect(error).toEqual({
      code: 'order_not_cancellable',
      message: 'The order is SHIPPED and can no longer be cancelled.',
      details: [],
    });
  });
});
