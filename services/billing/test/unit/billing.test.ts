import type { InternalOrder } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { TransientPaymentError, type ChargeResult, type PaymentProvider } from '../../src/adapters/payment-provider.js';
import type { PaymentRepository } from '../../src/adapters/payment-repository.js';
import type { Payment, PaymentStatus } from '../../src/domain/payment.js';
import type { BillingDependencies } from '../../src/functions/billing-dependencies.js';
import { chargeInvoice } from '../../src/functions/charge-invoice/charge-invoice.js';
import { refundPayment } from '../../src/functions/refund-payment/refund-payment.js';

const invoice = exampleEvent('INVOICE_CREATED', { orderId: 'ord-1' });

/** In-memory twins of the adapters, each recording what was asked of it. */
const fakes = (answers: Array<ChargeResult | Error> = [{ outcome: 'confirmed', paymentId: 'pi_1' }]) => {
  const records = new Map<string, Payment>();
  const stored: OrderEvent[] = [];
  const charges: string[] = [];
  const refunds: string[] = [];
  const payments: PaymentRepository = {
    get: async (orderId) => records.get(orderId),
    save: async (payment: Payment, from: PaymentStatus | undefined, event?: OrderEvent) => {
      if (records.get(payment.orderId)?.status !== from) return false;
      records.set(payment.orderId, payment);
      if (event) stored.push(event);
      return true;
    },
  };
  const provider: PaymentProvider = {
    name: 'stripe',
    charge: async ({ idempotencyKey }) => {
      charges.push(idempotencyKey);
      const answer = answers[Math.min(charges.length, answers.length) - 1]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    refund: async ({ idempotencyKey }) => {
      refunds.push(idempotencyKey);
      return { refundId: 're_1' };
    },
  };
  const outbox = {
    flush: async () => {},
    pending: async () => [],
    release: async () => true,
    sweep: async () => ({ released: 0, failed: 0 }),
  } satisfies OutboxRelay;
  const deps: BillingDependencies = {
    payments,
    outbox,
    orders: { get: async () => ({ paymentToken: 'pm_card_visa' }) as InternalOrder },
    provider: async () => provider,
    publisher: createEventPublisher({
      source: 'billing',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  return { deps, records, stored, charges, refunds };
};

describe('chargeInvoice', () => {
  it('charges the invoice total and announces PAYMENT_CONFIRMED with the provider payment id', async () => {
    const { deps, stored, charges } = fakes();

    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toEqual([`charge-${invoice.data.invoiceId}`]);
    expect(stored).toEqual([
      expect.objectContaining({
        type: 'PAYMENT_CONFIRMED',
        causationId: invoice.id,
        data: { paymentId: 'pi_1', provider: 'stripe', amount: invoice.data.total },
      }),
    ]);
  });

  it('announces a decline as PAYMENT_FAILED and never retries it', async () => {
    const { deps, stored, charges } = fakes([
      { outcome: 'declined', code: 'generic_decline', message: 'Your card was declined.' },
    ]);

    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'PAYMENT_FAILED',
      data: { reason: { code: 'generic_decline', message: 'Your card was declined.' } },
    });
  });

  it('retries a transient failure with the same idempotency key, and is charged once', async () => {
    const { deps, stored, charges } = fakes([
      new TransientPaymentError('503'),
      new TransientPaymentError('503'),
      { outcome: 'confirmed', paymentId: 'pi_9' },
    ]);

    await chargeInvoice(deps, invoice, 10_000);

    expect(new Set(charges)).toEqual(new Set([`charge-${invoice.data.invoiceId}`]));
    expect(charges).toHaveLength(3);
    expect(stored.map((event) => event.type)).toEqual(['PAYMENT_CONFIRMED']);
  });

  it('charges nothing for an invoice whose payment is already recorded', async () => {
    const { deps, charges } = fakes();
    await chargeInvoice(deps, invoice, 10_000);

    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toHaveLength(1);
  });

  it('charges nothing for an order cancelled before its invoice arrived', async () => {
    const { deps, charges, records } = fakes();

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);
    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toEqual([]);
    expect(records.get('ord-1')?.status).toBe('cancelled');
  });
});

describe('a cancellation racing a charge', () => {
  it('refunds a charge that went through while the order was being cancelled', async () => {
    const { deps, records, refunds, stored } = fakes();
    const provider = await deps.provider();
    const charge = provider.charge;
    provider.charge = async (request) => {
      // The cancellation lands while the provider is charging the card.
      records.set('ord-1', { orderId: 'ord-1', status: 'cancelled', updatedAt: '2026-11-21T10:00:00.000Z' });
      return charge(request);
    };

    await chargeInvoice(deps, invoice, 10_000);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(records.get('ord-1')).toMatchObject({ status: 'refunded', paymentId: 'pi_1' });
    expect(stored.map((event) => event.type)).toEqual(['PAYMENT_REFUNDED']);
  });

  it('refunds a payment confirmed while the cancellation was being recorded', async () => {
    const { deps, records, refunds } = fakes();
    const payments = deps.payments;
    let first = true;
    deps.payments = {
      ...payments,
      get: async (orderId) => {
        if (first) {
          first = false;
          // Confirmed by the charge just after the cancellation looked and found nothing.
          records.set(orderId, {
            orderId,
            status: 'confirmed',
            paymentId: 'pi_1',
            amount: invoice.data.total,
            updatedAt: '2026-11-21T10:00:00.000Z',
          });
          return undefined;
        }
        return payments.get(orderId);
      },
    };

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(records.get('ord-1')?.status).toBe('refunded');
  });
});

describe('refundPayment', () => {
  it('refunds a confirmed payment once and announces PAYMENT_REFUNDED with the reason', async () => {
    const { deps, stored, refunds, records } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    const refused = exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' });

    await refundPayment(deps, refused, 10_000);
    await refundPayment(deps, refused, 10_000);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(records.get('ord-1')).toMatchObject({ status: 'refunded', refundId: 're_1' });
    expect(stored[1]).toMatchObject({
      type: 'PAYMENT_REFUNDED',
      data: { paymentId: 'pi_1', refundId: 're_1', amount: invoice.data.total, reason: refused.data.reason },
    });
  });

  it('refunds nothing for a payment that failed', async () => {
    const { deps, refunds } = fakes([{ outcome: 'declined', code: 'generic_decline', message: 'Your card was declined.' }]);
    await chargeInvoice(deps, invoice, 10_000);

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual([]);
  });

  it('fails a shipment error that arrives before the payment is recorded, so that it is retried', async () => {
    const { deps } = fakes();

    await expect(refundPayment(deps, exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' }), 10_000)).rejects.toThrow(
      'has not recorded yet',
    );
  });
});
