import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TransientPaymentError } from '../src/adapters/payment-provider.js';
import { createStripePaymentProvider } from '../src/adapters/stripe-payment-provider.js';

// The official Stripe SDK, pointed at the payment sandbox of the local cloud.
const sandbox = 'http://127.0.0.1:3010';
const provider = createStripePaymentProvider({
  secretKey: 'sk_test_local_sandbox',
  apiUrl: sandbox,
  returnUrl: 'http://127.0.0.1:8080/',
});
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const charge = (paymentMethod: string, idempotencyKey = `charge-${randomUUID()}`) =>
  provider.charge({ amount: eur(4488), paymentMethod, idempotencyKey, metadata: { orderId: idempotencyKey } });

const search = async (orderId: string) => {
  const response = await fetch(
    `${sandbox}/v1/payment_intents/search?query=${encodeURIComponent(`metadata['orderId']:'${orderId}'`)}`,
    {
      headers: { authorization: 'Bearer sk_test_local_sandbox' },
    },
  );
  return ((await response.json()) as { data: Array<{ id: string; status: string }> }).data;
};

describe('the Stripe adapter against the payment sandbox', () => {
  it('confirms a payment with pm_card_visa', async () => {
    expect(await charge('pm_card_visa')).toEqual({ outcome: 'confirmed', paymentId: expect.stringMatching(/^pi_/) });
  });

  it('reports pm_card_chargeDeclined as declined, with a reason a customer can read', async () => {
    expect(await charge('pm_card_chargeDeclined')).toEqual({
      outcome: 'declined',
      code: 'generic_decline',
      message: 'Your card was declined.',
    });
  });

  it('reports an unknown payment method as declined: the customer must choose another', async () => {
    expect(await charge('pm_card_doesNotExist')).toEqual({
      outcome: 'declined',
      code: 'invalid_payment_method',
      message: 'Your payment method is not valid. Please choose another one.',
    });
  });

  it('charges once for one idempotency key, however often it is asked', async () => {
    const key = `charge-${randomUUID()}`;

    const results = await Promise.allSettled([
      charge('pm_card_visa', key),
      charge('pm_card_visa', key),
      charge('pm_card_visa', key),
    ]);
    const again = await charge('pm_card_visa', key);

    const ids = results.flatMap((r) => (r.status === 'fulfilled' && r.value.outcome === 'confirmed' ? [r.value.paymentId] : []));
    // A request made while another with the same key is in flight gets a 409, a transient error.
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TransientPaymentError);
    expect(new Set([...ids, again.outcome === 'confirmed' ? again.paymentId : ''])).toHaveProperty('size', 1);
    expect(await search(key)).toHaveLength(1);
  });

  it('fails pm_card_transientFailure twice as a transient error, then confirms it under the same key', async () => {
    const key = `charge-${randomUUID()}`;

    await expect(charge('pm_card_transientFailure', key)).rejects.toBeInstanceOf(TransientPaymentError);
    await expect(charge('pm_card_transientFailure', key)).rejects.toBeInstanceOf(TransientPaymentError);
    const third = await charge('pm_card_transientFailure', key);

    expect(third).toEqual({ outcome: 'confirmed', paymentId: expect.stringMatching(/^pi_/) });
    expect(await search(key)).toHaveLength(1);
  });

  it('refunds once for one idempotency key', async () => {
    const paid = await charge('pm_card_visa');
    if (paid.outcome !== 'confirmed') throw new Error('expected the charge to succeed');
    const key = `refund-${paid.paymentId}`;

    const first = await provider.refund({ paymentId: paid.paymentId, idempotencyKey: key, metadata: {} });
    const second = await provider.refund({ paymentId: paid.paymentId, idempotencyKey: key, metadata: {} });

    expect(second).toEqual(first);
    const refunds = await fetch(`${sandbox}/v1/refunds?payment_intent=${paid.paymentId}`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    expect(((await refunds.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('reports pm_card_threeDSecure2Required as waiting for the customer, with the bank page to send them to', async () => {
    expect(await charge('pm_card_threeDSecure2Required')).toEqual({
      outcome: 'action_required',
      paymentId: expect.stringMatching(/^pi_/),
      nextActionUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3010\/authenticate\/pi_/),
    });
  });

  it('reports pm_sepaDebit as processing', async () => {
    expect(await charge('pm_sepaDebit')).toEqual({ outcome: 'processing', paymentId: expect.stringMatching(/^pi_/) });
  });

  it('cancels a payment that waits for its customer, and says a paid one is settled', async () => {
    const waiting = await charge('pm_card_threeDSecure2Required');
    const paid = await charge('pm_card_visa');
    if (waiting.outcome !== 'action_required' || paid.outcome !== 'confirmed') throw new Error('unexpected charges');

    const cancelled = await provider.cancel({ paymentId: waiting.paymentId, idempotencyKey: `cancel-${waiting.paymentId}` });
    const again = await provider.cancel({ paymentId: waiting.paymentId, idempotencyKey: `cancel-${waiting.paymentId}-2` });
    const settled = await provider.cancel({ paymentId: paid.paymentId, idempotencyKey: `cancel-${paid.paymentId}` });

    expect([cancelled.outcome, again.outcome, settled.outcome]).toEqual(['cancelled', 'cancelled', 'settled']);
  });
});
