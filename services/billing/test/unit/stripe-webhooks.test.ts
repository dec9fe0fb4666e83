import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { WebhookRejectedError } from '../../src/adapters/payment-provider.js';
import { createStripeWebhookReader } from '../../src/adapters/stripe-webhooks.js';

const secret = 'whsec_test_billing';
const nowSeconds = 1_800_000_000;
const read = createStripeWebhookReader(secret, () => nowSeconds * 1000);

const intentEvent = (type: string, status: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'evt_1',
    object: 'event',
    type,
    created: nowSeconds,
    data: {
      object: {
        id: 'pi_1',
        object: 'payment_intent',
        amount: 4488,
        currency: 'eur',
        status,
        metadata: { orderId: 'ord-1', invoiceId: 'inv-1' },
        next_action: null,
        last_payment_error: null,
        ...extra,
      },
    },
  });

/** The header Stripe would send, made by Stripe's own SDK. */
const signed = (payload: string, { timestamp = nowSeconds, signingSecret = secret } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret: signingSecret, timestamp });

describe("the check of Stripe's webhooks (the SDK's constructEvent)", () => {
  it('reads a payment that succeeded, signed with the endpoint secret', () => {
    const payload = intentEvent('payment_intent.succeeded', 'succeeded');

    expect(read(payload, signed(payload))).toEqual({
      kind: 'payment',
      eventId: 'evt_1',
      orderId: 'ord-1',
      invoiceId: 'inv-1',
      amount: { amount: 4488, currency: 'EUR' },
      result: { outcome: 'confirmed', paymentId: 'pi_1' },
    });
  });

  it.each([
    ['a tampered body', (payload: string) => ({ body: payload.replace('4488', '1'), header: signed(payload) })],
    [
      'a stale timestamp (301 s old)',
      (payload: string) => ({ body: payload, header: signed(payload, { timestamp: nowSeconds - 301 }) }),
    ],
    [
      "another endpoint's secret",
      (payload: string) => ({ body: payload, header: signed(payload, { signingSecret: 'whsec_other' }) }),
    ],
    ['no signature', (payload: string) => ({ body: payload, header: undefined })],
    ['a malformed header', (payload: string) => ({ body: payload, header: 'v1=abc' })],
  ])('refuses %s', (_what, forge) => {
    const { body, header } = forge(intentEvent('payment_intent.succeeded', 'succeeded'));

    expect(() => read(body, header)).toThrow(WebhookRejectedError);
  });

  it('accepts a signature just inside the tolerance (300 s)', () => {
    const payload = intentEvent('payment_intent.succeeded', 'succeeded');

    expect(read(payload, signed(payload, { timestamp: nowSeconds - 300 })).kind).toBe('payment');
  });

  it.each([
    [
      'payment_intent.payment_failed',
      'requires_payment_method',
      { last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'No money.' } },
      { outcome: 'declined', paymentId: 'pi_1', code: 'insufficient_funds', message: 'No money.' },
    ],
    ['payment_intent.processing', 'processing', {}, { outcome: 'processing', paymentId: 'pi_1' }],
  ])('reads %s as where the payment stands', (type, status, extra, result) => {
    const payload = intentEvent(type, status, extra);

    expect(read(payload, signed(payload))).toMatchObject({ kind: 'payment', result });
  });

  it('reads the refunds of charge.refunded, and ignores what billing did not make', () => {
    const refunded = JSON.stringify({
      id: 'evt_2',
      object: 'event',
      type: 'charge.refunded',
      created: nowSeconds,
      data: {
        object: {
          id: 'ch_1',
          object: 'charge',
          payment_intent: 'pi_1',
          metadata: { orderId: 'ord-1' },
          refunds: { data: [{ id: 're_1', amount: 1000, status: 'succeeded', metadata: { changeId: 'chg-1' } }] },
        },
      },
    });
    const foreign = intentEvent('payment_intent.succeeded', 'succeeded', { metadata: {} });
    const unknown = JSON.stringify({ id: 'evt_3', object: 'event', type: 'customer.created', data: { object: {} } });

    expect(read(refunded, signed(refunded))).toEqual({
      kind: 'refunds',
      eventId: 'evt_2',
      orderId: 'ord-1',
      paymentId: 'pi_1',
      refunds: [{ refundId: 're_1', amount: 1000, status: 'succeeded', changeId: 'chg-1' }],
    });
    expect(read(foreign, signed(foreign))).toEqual({ kind: 'ignored', eventId: 'evt_1', type: 'payment_intent.succeeded' });
    expect(read(unknown, signed(unknown))).toEqual({ kind: 'ignored', eventId: 'evt_3', type: 'customer.created' });
  });
});
