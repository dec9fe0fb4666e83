import { exampleEvent } from '@ecommerce/shared-events';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { WebhookRejectedError, type ChargeResult } from '../../src/adapters/payment-provider.js';
import { createStripeWebhookReader } from '../../src/adapters/stripe-webhooks.js';
import { advance, type Payment, type PaymentStatus, type ProviderOutcome } from '../../src/domain/payment.js';
import { chargeInvoice } from '../../src/functions/charge-invoice/charge-invoice.js';
import { createHandler } from '../../src/functions/receive-payment-webhook/make-handler.js';
import { receivePaymentWebhook } from '../../src/functions/receive-payment-webhook/receive-payment-webhook.js';
import { refundPayment } from '../../src/functions/refund-payment/refund-payment.js';
import { fakes, invoice } from './fakes.js';

const secret = 'whsec_unit';
const nextActionUrl = 'http://127.0.0.1:3010/authenticate/pi_1';
const actionRequired: ChargeResult = { outcome: 'action_required', paymentId: 'pi_1', nextActionUrl };
const confirmed: ChargeResult = { outcome: 'confirmed', paymentId: 'pi_1' };

let eventNumber = 0;
/** A Stripe event about the PaymentIntent of order ord-1, as the sandbox (and Stripe) sends it. */
const intentEvent = (type: string, status: string, { id = `evt_${++eventNumber}`, extra = {} } = {}) =>
  JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: 'pi_1',
        object: 'payment_intent',
        amount: invoice.data.total.amount,
        currency: invoice.data.total.currency.toLowerCase(),
        status,
        metadata: { orderId: 'ord-1', invoiceId: invoice.data.invoiceId },
        next_action: null,
        last_payment_error: null,
        ...extra,
      },
    },
  });
const succeeded = (id?: string) => intentEvent('payment_intent.succeeded', 'succeeded', id ? { id } : {});
const failed = () =>
  intentEvent('payment_intent.payment_failed', 'requires_payment_method', {
    extra: { last_payment_error: { code: 'payment_intent_authentication_failure', message: 'Authentication failed.' } },
  });
const processing = () => intentEvent('payment_intent.processing', 'processing');

const setUp = (answers: ChargeResult[] = [actionRequired]) => {
  const world = fakes(answers);
  const deps = { ...world.deps, readWebhook: async () => createStripeWebhookReader(secret) };
  const deliver = (body: string, header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret })) =>
    receivePaymentWebhook(deps, body, header, 10_000);
  const types = () => world.stored.map((event) => event.type);
  return { ...world, deps, deliver, types };
};

describe('advance: a payment moves only forward', () => {
  const base = { orderId: 'ord-1', amount: invoice.data.total, updatedAt: '2026-12-08T10:00:00.000Z' };
  const paymentIn = (status: PaymentStatus): Payment => ({
    orderId: 'ord-1',
    status,
    paymentId: 'pi_1',
    updatedAt: base.updatedAt,
  });
  const processingOutcome: ProviderOutcome = { outcome: 'processing', paymentId: 'pi_1' };
  const declined: ProviderOutcome = { outcome: 'declined', code: 'card_declined', message: 'No.' };

  it.each<[PaymentStatus | undefined, ProviderOutcome, PaymentStatus | 'unchanged' | 'refund', string | undefined]>([
    [undefined, actionRequired, 'requires_action', 'PAYMENT_ACTION_REQUIRED'],
    [undefined, processingOutcome, 'processing', undefined],
    [undefined, confirmed, 'confirmed', 'PAYMENT_CONFIRMED'],
    [undefined, declined, 'failed', 'PAYMENT_FAILED'],
    ['requires_action', confirmed, 'confirmed', 'PAYMENT_CONFIRMED'],
    ['requires_action', declined, 'failed', 'PAYMENT_FAILED'],
    ['requires_action', processingOutcome, 'processing', undefined],
    ['requires_action', actionRequired, 'unchanged', undefined],
    ['processing', confirmed, 'confirmed', 'PAYMENT_CONFIRMED'],
    ['processing', declined, 'failed', 'PAYMENT_FAILED'],
    ['processing', actionRequired, 'unchanged', undefined],
    ['processing', processingOutcome, 'unchanged', undefined],
    ['confirmed', confirmed, 'unchanged', undefined],
    ['confirmed', declined, 'unchanged', undefined],
    ['confirmed', actionRequired, 'unchanged', undefined],
    ['confirmed', processingOutcome, 'unchanged', undefined],
    ['failed', confirmed, 'unchanged', undefined],
    ['failed', actionRequired, 'unchanged', undefined],
    ['refunded', confirmed, 'unchanged', undefined],
    ['refunded', declined, 'unchanged', undefined],
    ['cancelled', confirmed, 'refund', undefined],
    ['cancelled', declined, 'unchanged', undefined],
    ['cancelled', actionRequired, 'unchanged', undefined],
  ])('from %s on %o: %s, announced as %s', (from, outcome, to, announced) => {
    const decision = advance(from && paymentIn(from), outcome, base);

    if (to === 'unchanged') expect(decision).toEqual({ change: 'none' });
    else if (to === 'refund')
      expect(decision).toMatchObject({ change: 'paid-after-cancellation', payment: { status: 'confirmed' } });
    else {
      expect(decision).toMatchObject({ change: 'moved', payment: { status: to } });
      expect(decision.change === 'moved' ? decision.announce : 'none').toBe(announced);
    }
  });

  it('keeps where the customer authenticates only while the payment waits for it', () => {
    const waiting = advance(undefined, actionRequired, base);
    if (waiting.change !== 'moved') throw new Error('expected a move');

    const paid = advance(waiting.payment, confirmed, base);

    expect(waiting.payment.nextActionUrl).toBe(nextActionUrl);
    expect(paid.change === 'moved' && paid.payment).not.toHaveProperty('nextActionUrl');
  });
});

describe('3-D Secure: the customer authenticates, the webhook settles', () => {
  it('asks the customer (PAYMENT_ACTION_REQUIRED with nextActionUrl), then confirms on payment_intent.succeeded', async () => {
    const { deps, deliver, records, types, stored } = setUp();

    await chargeInvoice(deps, invoice, 10_000);
    const asked = structuredClone(records.get('ord-1'));
    await deliver(succeeded());

    expect(asked).toMatchObject({ status: 'requires_action', nextActionUrl });
    expect(stored[0]).toMatchObject({ type: 'PAYMENT_ACTION_REQUIRED', data: { paymentId: 'pi_1', nextActionUrl } });
    expect(records.get('ord-1')).toMatchObject({ status: 'confirmed', paymentId: 'pi_1' });
    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED']);
  });

  it('fails the payment once when the customer fails the authentication', async () => {
    const { deps, deliver, records, types } = setUp();
    await chargeInvoice(deps, invoice, 10_000);

    await deliver(failed());
    await deliver(succeeded());

    expect(records.get('ord-1')).toMatchObject({ status: 'failed' });
    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_FAILED']);
  });
});

describe('duplicated, reordered, late and forged webhooks', () => {
  it.each([2, 10])('makes one PAYMENT_CONFIRMED of the same webhook delivered %i times', async (times) => {
    const { deps, deliver, types } = setUp();
    await chargeInvoice(deps, invoice, 10_000);
    const body = succeeded();

    const receipts = [];
    for (let delivery = 0; delivery < times; delivery += 1) receipts.push(await deliver(body));

    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED']);
    expect(receipts.filter((receipt) => receipt.duplicate)).toHaveLength(times - 1);
  });

  it('makes one PAYMENT_CONFIRMED of 10 deliveries at once', async () => {
    const { deps, deliver, types } = setUp();
    await chargeInvoice(deps, invoice, 10_000);
    const body = succeeded();

    await Promise.all(Array.from({ length: 10 }, () => deliver(body)));

    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED']);
  });

  it('never moves back on a processing that comes after the payment succeeded (reordered)', async () => {
    const { deps, deliver, records, types } = setUp([{ outcome: 'processing', paymentId: 'pi_1' }]);
    await chargeInvoice(deps, invoice, 10_000);

    await deliver(succeeded());
    await deliver(processing());

    expect(records.get('ord-1')).toMatchObject({ status: 'confirmed' });
    expect(types()).toEqual(['PAYMENT_CONFIRMED']);
  });

  it('refuses a forged webhook with 400 and records nothing', async () => {
    const { deps, records, webhooks, stored } = setUp();
    const handler = createHandler({ ...deps, readWebhook: async () => createStripeWebhookReader(secret) });
    const body = succeeded();
    const forged = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_someone_else' });

    const response = await handler(
      { body, headers: { 'Stripe-Signature': forged }, httpMethod: 'POST', path: '/payments/webhooks' } as never,
      { getRemainingTimeInMillis: () => 10_000 } as never,
    );

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'invalid_signature' });
    expect(records.size + webhooks.size + stored.length).toBe(0);
    await expect(receivePaymentWebhook(deps, body, forged.replace(/v1=[0-9a-f]+/, 'v1=00'), 10_000)).rejects.toThrow(
      WebhookRejectedError,
    );
  });
});

describe('the synchronous answer racing its webhook', () => {
  it('makes one PAYMENT_CONFIRMED when the webhook comes first', async () => {
    const { deps, deliver, types, records } = setUp([confirmed]);

    await deliver(succeeded());
    await chargeInvoice(deps, invoice, 10_000);

    expect(records.get('ord-1')).toMatchObject({ status: 'confirmed' });
    expect(types()).toEqual(['PAYMENT_CONFIRMED']);
  });

  it('makes one PAYMENT_CONFIRMED when the answer comes first', async () => {
    const { deps, deliver, types } = setUp([confirmed]);

    await chargeInvoice(deps, invoice, 10_000);
    await deliver(succeeded());

    expect(types()).toEqual(['PAYMENT_CONFIRMED']);
  });

  it('makes one PAYMENT_CONFIRMED when the answer lands in the middle of the provider calling back', async () => {
    const { deps, deliver, types } = setUp([confirmed]);
    const provider = await deps.provider();
    const charge = provider.charge;
    provider.charge = async (request) => {
      const answer = await charge(request);
      // Stripe calls back before its answer reaches billing.
      await deliver(succeeded());
      return answer;
    };

    await Promise.all([chargeInvoice(deps, invoice, 10_000), deliver(succeeded())]);

    expect(types()).toEqual(['PAYMENT_CONFIRMED']);
  });
});

describe('a customer who never authenticates', () => {
  const cancellation = exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' });

  it('cancels the PaymentIntent at the provider when the order is cancelled, and charges nothing', async () => {
    const { deps, cancels, records, order, types, refunds } = setUp();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';

    await refundPayment(deps, cancellation, 10_000);

    expect(cancels).toEqual(['pi_1']);
    expect(records.get('ord-1')).toMatchObject({ status: 'cancelled', paymentId: 'pi_1' });
    expect(refunds).toEqual([]);
    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED']);
  });

  it('refunds once a payment the customer authenticated just as the order was cancelled', async () => {
    const { deps, deliver, order, types, refunds } = setUp();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';
    await refundPayment(deps, cancellation, 10_000);

    const body = succeeded();
    await deliver(body);
    await deliver(body);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(types()).toEqual(['PAYMENT_ACTION_REQUIRED', 'PAYMENT_REFUNDED']);
  });
});

describe('refunds that settle later', () => {
  const refundedEvent = (refundId: string, amount: number, id = `evt_${++eventNumber}`) =>
    JSON.stringify({
      id,
      object: 'event',
      type: 'charge.refunded',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: 'ch_1',
          object: 'charge',
          payment_intent: 'pi_1',
          metadata: { orderId: 'ord-1' },
          refunds: { data: [{ id: refundId, amount, status: 'succeeded', metadata: { orderId: 'ord-1' } }] },
        },
      },
    });
  const cancellation = exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' });

  it('records a refund the provider left pending when charge.refunded says it is made, once, with the reason', async () => {
    const { deps, deliver, order, records, types, refundsWill, stored } = setUp([confirmed]);
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';
    refundsWill('pending');
    await refundPayment(deps, cancellation, 10_000);
    const pending = structuredClone(records.get('ord-1'));

    const body = refundedEvent('re_1', invoice.data.total.amount);
    await Promise.all([deliver(body), deliver(body), deliver(refundedEvent('re_1', invoice.data.total.amount))]);

    expect(pending).toMatchObject({ status: 'confirmed', fullRefund: { amount: invoice.data.total.amount } });
    expect(records.get('ord-1')).toMatchObject({ status: 'refunded', refundId: 're_1' });
    expect(types()).toEqual(['PAYMENT_CONFIRMED', 'PAYMENT_REFUNDED']);
    expect(stored[1]).toMatchObject({ data: { reason: cancellation.data.reason }, causationId: cancellation.id });
  });

  it('makes one PAYMENT_REFUNDED of the answer and its charge.refunded, whichever comes first', async () => {
    const { deps, deliver, order, types } = setUp([confirmed]);
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';

    await refundPayment(deps, cancellation, 10_000);
    await deliver(refundedEvent('re_1', invoice.data.total.amount));

    expect(types()).toEqual(['PAYMENT_CONFIRMED', 'PAYMENT_REFUNDED']);
  });

  it('asks again for a refund the provider failed: the cancellation fails, to be retried', async () => {
    const { deps, order, refundsWill, records } = setUp([confirmed]);
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';
    refundsWill('failed');

    await expect(refundPayment(deps, cancellation, 10_000)).rejects.toThrow('the provider failed refund');
    expect(records.get('ord-1')).toMatchObject({ status: 'confirmed', fullRefund: { amount: invoice.data.total.amount } });
  });
});
