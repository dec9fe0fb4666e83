import { earlierExampleData, exampleData, exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { TransientPaymentError } from '../../src/adapters/payment-provider.js';
import { chargeInvoice } from '../../src/functions/charge-invoice/charge-invoice.js';
import { refundChange, refundPayment, refundReturn } from '../../src/functions/refund-payment/refund-payment.js';
import { fakes, invoice } from './fakes.js';

/** An ORDER_MODIFIED v2 of ord-1 whose total goes down by `less` from what its invoice charged. */
const lowered = (less: number, id: string) => {
  const charged = invoice.data.total.amount;
  return exampleEvent('ORDER_MODIFIED', {
    id,
    orderId: 'ord-1',
    data: {
      ...exampleData.ORDER_MODIFIED,
      old: { ...exampleData.ORDER_MODIFIED.old, total: { amount: charged, currency: 'EUR' } },
      new: { ...exampleData.ORDER_MODIFIED.new, total: { amount: charged - less, currency: 'EUR' } },
    },
  });
};

describe('chargeInvoice', () => {
  it('charges the invoice total and announces PAYMENT_CONFIRMED with the provider payment id', async () => {
    const { deps, stored, sent, charges } = fakes();

    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toEqual(['charge-ord-1']);
    expect(stored).toEqual([
      expect.objectContaining({
        type: 'PAYMENT_CONFIRMED',
        causationId: invoice.id,
        data: { paymentId: 'pi_1', provider: 'stripe', amount: invoice.data.total },
      }),
    ]);
    expect(sent).toEqual(stored);
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

    expect(new Set(charges)).toEqual(new Set(['charge-ord-1']));
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
    const { deps, charges, records, order } = fakes();
    order.status = 'CANCELLED';

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);
    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toEqual([]);
    expect(records.get('ord-1')?.status).toBe('cancelled');
  });
});

describe('a cancellation racing a charge', () => {
  it('refunds a charge that went through while the order was being cancelled', async () => {
    const { deps, records, refunds, stored, order } = fakes();
    const provider = await deps.provider();
    const charge = provider.charge;
    provider.charge = async (request) => {
      // The cancellation lands while the provider is charging the card.
      order.status = 'CANCELLED';
      records.set('ord-1', { orderId: 'ord-1', status: 'cancelled', updatedAt: '2026-11-21T10:00:00.000Z' });
      return charge(request);
    };

    await chargeInvoice(deps, invoice, 10_000);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(records.get('ord-1')).toMatchObject({ status: 'refunded', paymentId: 'pi_1' });
    expect(stored.map((event) => event.type)).toEqual(['PAYMENT_REFUNDED']);
  });

  it('refunds a payment confirmed while the cancellation was being recorded', async () => {
    const { deps, records, refunds, order } = fakes();
    order.status = 'CANCELLED';
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
    const { deps, stored, refunds, records, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'SHIPMENT_ERROR';
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

  it('asks a refund the provider failed again under a new key, and refunds once: no third call after it succeeded', async () => {
    const { deps, stored, refunds, records, order, refundsWill } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'SHIPMENT_ERROR';
    const refused = exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' });
    refundsWill('failed');

    await expect(refundPayment(deps, refused, 10_000)).rejects.toThrow('the provider failed refund re_1');
    refundsWill('succeeded');
    await refundPayment(deps, refused, 10_000);
    await refundPayment(deps, refused, 10_000);

    expect(refunds).toEqual(['refund-pi_1', 'refund-pi_1~2']);
    expect(records.get('ord-1')).toMatchObject({ status: 'refunded', refundId: 're_2', fullRefund: { failures: 1 } });
    expect(stored.filter((event) => event.type === 'PAYMENT_REFUNDED')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ refundId: 're_2', amount: invoice.data.total }) }),
    ]);
  });

  it('refunds nothing for a payment that failed', async () => {
    const { deps, refunds } = fakes([{ outcome: 'declined', code: 'generic_decline', message: 'Your card was declined.' }]);
    await chargeInvoice(deps, invoice, 10_000);

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual([]);
  });

  it('refunds all of a parcel the carrier could not deliver, delivery included, once, whether the failure or the return comes first', async () => {
    const { deps, stored, refunds, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'PARCEL_RETURNED';
    const returned = exampleEvent('PARCEL_RETURNED', { orderId: 'ord-1' });
    const failed = exampleEvent('DELIVERY_FAILED', { orderId: 'ord-1' });

    await refundPayment(deps, returned, 10_000);
    await refundPayment(deps, failed, 10_000);

    expect(refunds).toEqual(['refund-pi_1']);
    expect(stored.filter(({ type }) => type === 'PAYMENT_REFUNDED')).toEqual([
      expect.objectContaining({
        causationId: returned.id,
        data: expect.objectContaining({
          amount: invoice.data.total,
          reason: expect.objectContaining({ code: 'parcel_returned' }),
        }),
      }),
    ]);
  });

  it('refunds nothing for a failed delivery of an order orders holds DELIVERED', async () => {
    const { deps, refunds, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'DELIVERED';

    await refundPayment(deps, exampleEvent('DELIVERY_FAILED', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual([]);
  });

  it('fails a shipment error that arrives before the payment is recorded, so that it is retried', async () => {
    const { deps } = fakes();

    await expect(refundPayment(deps, exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' }), 10_000)).rejects.toThrow(
      'has not recorded yet',
    );
  });
});

describe('refundReturn: the carrier brought back what the customer sent', () => {
  const arrival = exampleEvent('RETURN_RECEIVED', {
    orderId: 'ord-1',
    data: { returnId: 'ret-1', carrier: 'Local Parcel Co', trackingNumber: 'LPR1' },
  });
  /** Orders holds a delivered order of 2 kettles at 12.00 and a wok at 20.00, and the return of one kettle. */
  const delivered = (order: Record<string, unknown>, status: 'REQUESTED' | 'RECEIVED') =>
    Object.assign(order, {
      status: 'DELIVERED',
      items: [
        { productId: 'kettle', unitPrice: { amount: 1200, currency: 'EUR' } },
        { productId: 'wok', unitPrice: { amount: 2000, currency: 'EUR' } },
      ],
      returns: [{ returnId: 'ret-1', status, items: [{ productId: 'kettle', quantity: 1 }] }],
    });

  it('refunds the returned lines at the price paid, not the delivery, once however often the arrival comes', async () => {
    const { deps, refundAmounts, stored, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    delivered(order, 'RECEIVED');

    await refundReturn(deps, arrival, 10_000);
    await refundReturn(deps, arrival, 10_000);

    expect(refundAmounts).toEqual([1200]);
    expect(stored.at(-1)).toMatchObject({
      type: 'PAYMENT_REFUNDED',
      data: { amount: { amount: 1200, currency: 'EUR' }, reason: { code: 'return_received' } },
    });
  });

  it('refunds nothing for a return orders does not hold received, after looking again', async () => {
    const { deps, refundAmounts, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    delivered(order, 'REQUESTED');

    await expect(refundReturn(deps, arrival, 300)).rejects.toThrow('has not recorded the arrival of return ret-1');
    (order as unknown as { returns: unknown[] }).returns = [];
    await refundReturn(deps, arrival, 10_000);

    expect(refundAmounts).toEqual([]);
  });
});

describe('refundChange: an operator lowered a paid order', () => {
  const charged = invoice.data.total.amount;
  /** Orders writes the change before it emits it: the order costs `less` less. */
  const lowerOrder = (order: { total: { amount: number } }, less: number) => {
    order.total.amount -= less;
  };
  const change1 = '11111111-1111-4111-8111-111111111111';
  const change2 = '22222222-2222-4222-8222-222222222222';

  it('refunds the difference once per change, keyed by it, and announces PAYMENT_REFUNDED with reason order_modified', async () => {
    const { deps, stored, refunds, refundAmounts, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    const change = lowered(1000, change1);
    lowerOrder(order, 1000);

    await refundChange(deps, change, 10_000);
    await refundChange(deps, change, 10_000);

    expect(refunds).toEqual([`refund-pi_1-${change1}`]);
    expect(refundAmounts).toEqual([1000]);
    expect(stored.filter((event) => event.type === 'PAYMENT_REFUNDED')).toEqual([
      expect.objectContaining({
        causationId: change1,
        data: expect.objectContaining({
          amount: { amount: 1000, currency: 'EUR' },
          reason: expect.objectContaining({ code: 'order_modified' }),
        }),
      }),
    ]);
  });

  it('asks a partial refund the provider failed again under a new key, and refunds the change once', async () => {
    const { deps, stored, refunds, refundAmounts, order, refundsWill } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    const change = lowered(1000, change1);
    lowerOrder(order, 1000);
    refundsWill('failed');

    await expect(refundChange(deps, change, 10_000)).rejects.toThrow('the provider failed refund re_1');
    refundsWill('succeeded');
    await refundChange(deps, change, 10_000);
    await refundChange(deps, change, 10_000);

    expect(refunds).toEqual([`refund-pi_1-${change1}`, `refund-pi_1-${change1}~2`]);
    expect(refundAmounts).toEqual([1000, 1000]);
    expect(stored.filter((event) => event.type === 'PAYMENT_REFUNDED')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ refundId: 're_2', amount: { amount: 1000, currency: 'EUR' } }) }),
    ]);
  });

  it('gives back on a later cancellation only what the changes left, never more than the charge', async () => {
    const { deps, stored, refundAmounts, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    lowerOrder(order, 1000);
    await refundChange(deps, lowered(1000, change1), 10_000);
    lowerOrder(order, 500);
    await refundChange(deps, lowered(500, change2), 10_000);
    order.status = 'CANCELLED';

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);

    expect(refundAmounts).toEqual([1000, 500, charged - 1500]);
    const refunded = stored.flatMap((event) => (event.type === 'PAYMENT_REFUNDED' ? [event.data.amount.amount] : []));
    expect(refunded.reduce((sum, amount) => sum + amount, 0)).toBe(charged);
  });

  it('refunds nothing for an order billing never charged', async () => {
    const { deps, refunds, stored } = fakes();

    await refundChange(deps, lowered(1000, change1), 10_000);

    expect(refunds).toEqual([]);
    expect(stored).toEqual([]);
  });

  it('refunds nothing for a change after the full refund, nor for a change that lowers nothing, nor for version 1', async () => {
    const { deps, refunds, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'CANCELLED';
    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);
    lowerOrder(order, 1000);

    await refundChange(deps, lowered(1000, change1), 10_000);
    await refundChange(deps, lowered(0, change2), 10_000);
    await refundChange(
      deps,
      exampleEvent('ORDER_MODIFIED', { orderId: 'ord-1', version: 1, data: earlierExampleData.ORDER_MODIFIED[1] }),
      10_000,
    );

    expect(refunds).toEqual(['refund-pi_1']);
  });

  it('reserves the refund over the revision it read: a change racing another is judged again, neither lost', async () => {
    const { deps, records, refundAmounts, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    lowerOrder(order, 1700);
    const save = deps.payments.save;
    let raced = false;
    deps.payments = {
      ...deps.payments,
      save: async (...args) => {
        if (!raced) {
          raced = true;
          // Another delivery reserved its own refund between this one's read and write.
          await refundChange({ ...deps, payments: { ...deps.payments, save } }, lowered(700, change2), 10_000);
        }
        return save(...args);
      },
    };

    await refundChange(deps, lowered(1000, change1), 10_000);

    expect(refundAmounts.sort()).toEqual([1000, 700].sort());
    expect(
      records
        .get('ord-1')
        ?.partialRefunds?.map((refund) => refund.changeId)
        .sort(),
    ).toEqual([change1, change2].sort());
  });
});

describe('billing confirms with orders before it moves money', () => {
  it('charges nothing for an invoice event whose total is not what the order costs (a forged 1-cent invoice)', async () => {
    const { deps, charges, stored, records } = fakes();
    const forged = exampleEvent('INVOICE_CREATED', {
      orderId: 'ord-1',
      data: { ...invoice.data, total: { amount: 1, currency: invoice.data.total.currency } },
    });

    await chargeInvoice(deps, forged, 10_000);

    expect(charges).toEqual([]);
    expect(stored).toEqual([]);
    expect(records.get('ord-1')).toBeUndefined();

    // The real invoice is charged as ever, its whole amount.
    await chargeInvoice(deps, invoice, 10_000);
    expect(records.get('ord-1')).toMatchObject({ status: 'confirmed', amount: invoice.data.total });
  });

  it('charges an order once however many invoice ids its events name: the idempotency key is the order', async () => {
    const { deps, charges } = fakes();
    const renamed = exampleEvent('INVOICE_CREATED', { orderId: 'ord-1', data: { ...invoice.data, invoiceId: 'inv-forged' } });

    await Promise.all([chargeInvoice(deps, invoice, 10_000), chargeInvoice(deps, renamed, 10_000)]);

    expect(new Set(charges)).toEqual(new Set(['charge-ord-1']));
  });

  it('refunds nothing for an ORDER_CANCELLED of an order orders holds SHIPPED, in one read of the order', async () => {
    const { deps, refunds, records, orderReads, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'SHIPPED';
    orderReads.length = 0;

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual([]);
    expect(records.get('ord-1')?.status).toBe('confirmed');
    expect(orderReads).toEqual(['ord-1']);
  });

  it('marks nothing cancelled for an ORDER_CANCELLED orders did not make: the invoice is still charged', async () => {
    const { deps, charges, records } = fakes();

    await refundPayment(deps, exampleEvent('ORDER_CANCELLED', { orderId: 'ord-1' }), 10_000);
    await chargeInvoice(deps, invoice, 10_000);

    expect(charges).toEqual(['charge-ord-1']);
    expect(records.get('ord-1')?.status).toBe('confirmed');
  });

  it('refunds nothing for a SHIPMENT_ERROR of an order orders holds SHIPPED', async () => {
    const { deps, refunds, records, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'SHIPPED';

    await refundPayment(deps, exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' }), 10_000);

    expect(refunds).toEqual([]);
    expect(records.get('ord-1')?.status).toBe('confirmed');
  });

  it('looks again while orders has not recorded a SHIPMENT_ERROR yet, refunds once it has, and fails for a retry if it never does', async () => {
    const { deps, refunds, order, orderReads } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    order.status = 'PARCEL_BOOKING';
    orderReads.length = 0;

    await expect(refundPayment(deps, exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' }), 300)).rejects.toThrow(
      'has not recorded the SHIPMENT_ERROR',
    );
    expect(refunds).toEqual([]);

    const get = deps.orders.get;
    deps.orders = {
      ...deps.orders,
      get: async (orderId, options) => {
        // Orders records the carrier's refusal while billing waits.
        if (orderReads.length === 2) order.status = 'SHIPMENT_ERROR';
        return get(orderId, options);
      },
    };
    orderReads.length = 0;
    await refundPayment(deps, exampleEvent('SHIPMENT_ERROR', { orderId: 'ord-1' }), 10_000);
    expect(refunds).toEqual(['refund-pi_1']);
    expect(orderReads.length).toBe(3);
  });

  it('refunds nothing for an ORDER_MODIFIED orders never made, and no more than orders says a change owes', async () => {
    const { deps, refundAmounts, order } = fakes();
    await chargeInvoice(deps, invoice, 10_000);
    const charged = invoice.data.total.amount;

    await refundChange(deps, lowered(2000, '33333333-3333-4333-8333-333333333333'), 10_000);
    expect(refundAmounts).toEqual([]);

    // Orders lowered the order by 300; an event claiming 2000 gets 300 back.
    order.total.amount = charged - 300;
    await refundChange(deps, lowered(2000, '44444444-4444-4444-8444-444444444444'), 10_000);
    expect(refundAmounts).toEqual([300]);
  });
});
