import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import {
  cancel,
  lockForParcelBooking,
  isAhead,
  isParcelBooked,
  recordProgress,
  releaseParcelBooking,
  type ProgressEvent,
} from '../../src/domain/lifecycle.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { kettle, placing, wok } from '../fixtures.js';

const created = (): StoredOrder => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    {
      orderId: 'ord-1',
      eventId: '00000000-0000-4000-8000-000000000000',
      now: new Date('2026-11-21T10:00:00.000Z'),
    },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return result.order;
};

let minute = 0;
const event = (type: ProgressEvent['type'], at?: string) =>
  exampleEvent(type, {
    id: `00000000-0000-4000-8000-${String(++minute).padStart(12, '0')}`,
    orderId: 'ord-1',
    time: at ?? `2026-11-21T10:${String(minute).padStart(2, '0')}:00.000Z`,
  }) as ProgressEvent;

const apply = (order: StoredOrder, ...events: ProgressEvent[]) =>
  events.reduce((current, next) => {
    const progress = recordProgress(current, next);
    return progress.changed ? progress.order : current;
  }, order);

const statuses = (order: StoredOrder) => order.history.map((entry) => entry.status);

describe('recordProgress', () => {
  it('follows the happy path to SHIPPED, each step in the history', () => {
    const order = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'), event('SHIPPED'));

    expect(order.status).toBe('SHIPPED');
    expect(statuses(order)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED', 'PAYMENT_CONFIRMED', 'SHIPPED']);
    expect(order.version).toBe(4);
  });

  it('ends a refused shipment in PAYMENT_REFUNDED', () => {
    const order = apply(
      created(),
      event('INVOICE_CREATED'),
      event('PAYMENT_CONFIRMED'),
      event('SHIPMENT_ERROR'),
      event('PAYMENT_REFUNDED'),
    );

    expect(order.status).toBe('PAYMENT_REFUNDED');
  });

  it('keeps a paid order going after a partial refund (an operator lowered it): in the history, then SHIPPED', () => {
    const partial = exampleEvent('PAYMENT_REFUNDED', {
      id: '00000000-0000-4000-8000-00000000aaaa',
      orderId: 'ord-1',
      time: '2026-11-21T10:30:00.000Z',
      data: {
        paymentId: 'pi_1',
        refundId: 're_1',
        amount: { amount: 1000, currency: 'EUR' },
        reason: { code: 'order_modified', message: 'Changed.' },
      },
    }) as ProgressEvent;

    const order = apply(
      created(),
      event('INVOICE_CREATED'),
      event('PAYMENT_CONFIRMED'),
      partial,
      event('SHIPPED', '2026-11-21T10:40:00.000Z'),
    );

    expect(order.status).toBe('SHIPPED');
    expect(statuses(order)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED', 'PAYMENT_CONFIRMED', 'PAYMENT_REFUNDED', 'SHIPPED']);
  });

  it('ends a declined payment in PAYMENT_FAILED', () => {
    expect(apply(created(), event('INVOICE_CREATED'), event('PAYMENT_FAILED')).status).toBe('PAYMENT_FAILED');
  });

  it('changes nothing for an event it has already recorded', () => {
    const invoiced = event('INVOICE_CREATED');
    const once = apply(created(), invoiced);

    expect(recordProgress(once, invoiced)).toEqual({ changed: false });
  });

  it('records a late event in its place in the history without moving the status back', () => {
    const invoiced = event('INVOICE_CREATED');
    const paid = event('PAYMENT_CONFIRMED');

    const order = apply(created(), paid, invoiced);

    expect(order.status).toBe('PAYMENT_CONFIRMED');
    expect(statuses(order)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED', 'PAYMENT_CONFIRMED']);
  });

  it('moves past steps whose events are still on their way', () => {
    expect(apply(created(), event('SHIPPED')).status).toBe('SHIPPED');
  });

  it('ends a delivered parcel in DELIVERED, where a good order ends', () => {
    const order = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'), event('SHIPPED'), event('DELIVERED'));

    expect(order.status).toBe('DELIVERED');
    expect(order.history.at(-1)?.detail).toBe('Delivered by Local Parcel Co (tracking number LP123456789GB)');
  });

  it('refunds a parcel the carrier could not deliver: DELIVERY_FAILED, PARCEL_RETURNED, then PAYMENT_REFUNDED', () => {
    const shipped = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'), event('SHIPPED'));

    const failed = apply(shipped, event('DELIVERY_FAILED'));
    const returned = apply(failed, event('PARCEL_RETURNED'));
    const refunded = apply(returned, event('PAYMENT_REFUNDED'));

    expect([failed.status, returned.status, refunded.status]).toEqual(['DELIVERY_FAILED', 'PARCEL_RETURNED', 'PAYMENT_REFUNDED']);
    expect(failed.history.at(-1)?.detail).toBe(exampleEvent('DELIVERY_FAILED').data.reason.message);
  });

  it('keeps a parcel that comes back after the refund in the history only', () => {
    const refunded = apply(
      created(),
      event('PAYMENT_CONFIRMED'),
      event('SHIPPED'),
      event('DELIVERY_FAILED'),
      event('PAYMENT_REFUNDED'),
      event('PARCEL_RETURNED'),
    );

    expect(refunded.status).toBe('PAYMENT_REFUNDED');
    expect(statuses(refunded).slice(-2)).toEqual(['PAYMENT_REFUNDED', 'PARCEL_RETURNED']);
  });

  it('never moves a delivered order to a failed delivery, nor a failed one to delivered', () => {
    const shipped = apply(created(), event('PAYMENT_CONFIRMED'), event('SHIPPED'));

    expect(apply(shipped, event('DELIVERED'), event('DELIVERY_FAILED')).status).toBe('DELIVERED');
    expect(apply(shipped, event('DELIVERY_FAILED'), event('DELIVERED')).status).toBe('DELIVERY_FAILED');
  });

  it('never leaves a final state', () => {
    const delivered = apply(
      created(),
      event('INVOICE_CREATED'),
      event('PAYMENT_CONFIRMED'),
      event('SHIPPED'),
      event('DELIVERED'),
    );

    expect(apply(delivered, event('PAYMENT_FAILED'), event('SHIPPED')).status).toBe('DELIVERED');
  });

  it('says what each step means to the customer', () => {
    const order = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'), event('SHIPPED'));

    expect(order.history.map((entry) => entry.detail)).toEqual([
      undefined,
      'Invoice INV-2026-000001 for €44.88',
      'Paid €44.88',
      'Shipped with Local Parcel Co, tracking number LP123456789GB',
    ]);
  });
});

describe('recordProgress of a payment the customer authenticates (3-D Secure)', () => {
  const askedToAuthenticate = (at?: string) => event('PAYMENT_ACTION_REQUIRED', at);

  it('waits in PAYMENT_ACTION_REQUIRED with where the customer authenticates, then goes on to PAYMENT_CONFIRMED without it', () => {
    const waiting = apply(created(), event('INVOICE_CREATED'), askedToAuthenticate());
    const paid = apply(waiting, event('PAYMENT_CONFIRMED'));

    expect(waiting).toMatchObject({
      status: 'PAYMENT_ACTION_REQUIRED',
      payment: {
        status: 'requires_action',
        nextActionUrl: 'https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=pi_3Nabc',
      },
    });
    expect(paid.status).toBe('PAYMENT_CONFIRMED');
    expect(paid).not.toHaveProperty('payment');
    expect(statuses(paid)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED', 'PAYMENT_ACTION_REQUIRED', 'PAYMENT_CONFIRMED']);
  });

  it('ends in PAYMENT_FAILED when the authentication fails, and asks nothing more', () => {
    const failed = apply(created(), event('INVOICE_CREATED'), askedToAuthenticate(), event('PAYMENT_FAILED'));

    expect(failed.status).toBe('PAYMENT_FAILED');
    expect(failed).not.toHaveProperty('payment');
  });

  it('never asks again when the request to authenticate arrives after the payment it led to', () => {
    const paid = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'));

    const late = apply(paid, askedToAuthenticate('2026-11-21T10:00:30.000Z'));

    expect(late.status).toBe('PAYMENT_CONFIRMED');
    expect(late).not.toHaveProperty('payment');
    expect(statuses(late)).toContain('PAYMENT_ACTION_REQUIRED');
  });

  it('stops asking once the order is cancelled', () => {
    const waiting = apply(created(), event('INVOICE_CREATED'), askedToAuthenticate());

    const decision = cancel(waiting, {
      eventId: '00000000-0000-4000-8000-0000000000cb',
      now: new Date('2026-11-21T11:00:00.000Z'),
    });

    expect(decision.outcome).toBe('cancelled');
    if (decision.outcome === 'cancelled') expect(decision.order).not.toHaveProperty('payment');
  });
});

describe('isAhead', () => {
  it.each<[string, string, boolean]>([
    ['ORDER_CREATED', 'SHIPPED', true],
    ['PAYMENT_CONFIRMED', 'INVOICE_CREATED', false],
    ['SHIPPED', 'PAYMENT_REFUNDED', true],
    ['DELIVERED', 'PAYMENT_REFUNDED', false],
    ['DELIVERED', 'DELIVERY_FAILED', false],
    ['SHIPPED', 'PARCEL_RETURNED', true],
    ['CANCELLED', 'PAYMENT_REFUNDED', true],
    ['PAYMENT_FAILED', 'SHIPPED', false],
    ['INVOICE_CREATED', 'PAYMENT_ACTION_REQUIRED', true],
    ['PAYMENT_ACTION_REQUIRED', 'SHIPPED', true],
    ['PAYMENT_CONFIRMED', 'PAYMENT_ACTION_REQUIRED', false],
  ])('from %s to %s is %s', (from, to, ahead) => {
    expect(isAhead(from as never, to as never)).toBe(ahead);
  });
});

describe('cancel', () => {
  const at = { eventId: '00000000-0000-4000-8000-0000000000ca', now: new Date('2026-11-21T11:00:00.000Z') };

  it('cancels an order that has not shipped, as a step of its history', () => {
    const paid = apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'));

    const decision = cancel(paid, at);

    expect(decision).toMatchObject({ outcome: 'cancelled', order: { status: 'CANCELLED', version: paid.version + 1 } });
    if (decision.outcome === 'cancelled')
      expect(decision.order.history.at(-1)).toMatchObject({ status: 'CANCELLED', eventId: at.eventId });
  });

  it('refuses an order that shipped or whose payment failed', () => {
    expect(cancel(apply(created(), event('SHIPPED')), at)).toEqual({ outcome: 'too-late', status: 'SHIPPED' });
    expect(cancel(apply(created(), event('INVOICE_CREATED'), event('PAYMENT_FAILED')), at)).toEqual({
      outcome: 'too-late',
      status: 'PAYMENT_FAILED',
    });
  });

  it('leaves a cancelled order as it is', () => {
    const decision = cancel(created(), at);
    if (decision.outcome !== 'cancelled') throw new Error('expected a cancellation');

    expect(cancel(decision.order, at)).toEqual({ outcome: 'already-cancelled' });
  });
});

describe('lockForParcelBooking', () => {
  const now = new Date('2026-11-21T11:00:00.000Z');
  const paid = () => apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED'));

  it('moves a paid order to PARCEL_BOOKING, as a step of its history, over a new version', () => {
    const order = paid();

    const decision = lockForParcelBooking(order, { now });

    expect(decision).toMatchObject({ outcome: 'locked', order: { status: 'PARCEL_BOOKING', version: order.version + 1 } });
    if (decision.outcome === 'locked') {
      expect(decision.order.history.at(-1)).toEqual({
        status: 'PARCEL_BOOKING',
        at: now.toISOString(),
        detail: 'Your parcel is being booked with the carrier.',
      });
      expect(isParcelBooked(decision.order)).toBe(true);
    }
    expect(isParcelBooked(order)).toBe(false);
  });

  it('locks only an order orders holds paid: one whose PAYMENT_CONFIRMED has not reached orders is not paid yet', () => {
    expect(lockForParcelBooking(created(), { now })).toEqual({ outcome: 'not-paid-yet', status: 'ORDER_CREATED' });
    expect(lockForParcelBooking(apply(created(), event('INVOICE_CREATED')), { now })).toEqual({
      outcome: 'not-paid-yet',
      status: 'INVOICE_CREATED',
    });
  });

  it('finds an order locked, booked or refused by the carrier already locked', () => {
    const decision = lockForParcelBooking(paid(), { now });
    if (decision.outcome !== 'locked') throw new Error('expected a lock');

    expect(lockForParcelBooking(decision.order, { now })).toEqual({ outcome: 'already-locked' });
    expect(lockForParcelBooking(apply(decision.order, event('SHIPPED')), { now })).toEqual({ outcome: 'already-locked' });
    const refunded = apply(decision.order, event('SHIPMENT_ERROR'), event('PAYMENT_REFUNDED'));
    expect(refunded.status).toBe('PAYMENT_REFUNDED');
    expect(isParcelBooked(refunded)).toBe(true);
  });

  it('refuses an order that was cancelled or whose payment failed', () => {
    const cancelled = cancel(paid(), { eventId: '00000000-0000-4000-8000-0000000000ca', now });
    if (cancelled.outcome !== 'cancelled') throw new Error('expected a cancellation');

    expect(lockForParcelBooking(cancelled.order, { now })).toEqual({ outcome: 'not-bookable', status: 'CANCELLED' });
    expect(lockForParcelBooking(apply(created(), event('INVOICE_CREATED'), event('PAYMENT_FAILED')), { now })).toEqual({
      outcome: 'not-bookable',
      status: 'PAYMENT_FAILED',
    });
    expect(isParcelBooked(cancelled.order)).toBe(false);
  });

  it('makes a locked order one that can no longer be cancelled', () => {
    const decision = lockForParcelBooking(paid(), { now });
    if (decision.outcome !== 'locked') throw new Error('expected a lock');

    expect(cancel(decision.order, { eventId: '00000000-0000-4000-8000-0000000000ca', now })).toEqual({
      outcome: 'too-late',
      status: 'PARCEL_BOOKING',
    });
  });
});

describe('releaseParcelBooking', () => {
  const now = new Date('2026-11-21T11:00:00.000Z');
  const later = new Date('2026-11-21T11:00:05.000Z');
  const locked = () => {
    const decision = lockForParcelBooking(apply(created(), event('INVOICE_CREATED'), event('PAYMENT_CONFIRMED')), { now });
    if (decision.outcome !== 'locked') throw new Error('expected a lock');
    return decision.order;
  };

  it('gives a locked order back to PAYMENT_CONFIRMED, where it can be cancelled and locked again', () => {
    const order = locked();

    const decision = releaseParcelBooking(order, { now: later });

    if (decision.outcome !== 'released') throw new Error('expected a release');
    expect(decision.order).toMatchObject({ status: 'PAYMENT_CONFIRMED', version: order.version + 1 });
    expect(decision.order.history.at(-1)).toEqual({
      status: 'PAYMENT_CONFIRMED',
      at: later.toISOString(),
      detail: 'The carrier could not take the booking yet: it will be tried again.',
    });
    expect(isParcelBooked(decision.order)).toBe(false);
    expect(cancel(decision.order, { eventId: '00000000-0000-4000-8000-0000000000ca', now: later })).toMatchObject({
      outcome: 'cancelled',
    });
    expect(lockForParcelBooking(decision.order, { now: later })).toMatchObject({ outcome: 'locked' });
  });

  it('has nothing to give back for an order not locked, and refuses once the carrier shipped or refused the parcel', () => {
    const released = releaseParcelBooking(locked(), { now: later });
    if (released.outcome !== 'released') throw new Error('expected a release');

    expect(releaseParcelBooking(released.order, { now: later })).toEqual({ outcome: 'not-locked' });
    expect(releaseParcelBooking(apply(locked(), event('SHIPPED')), { now: later })).toEqual({
      outcome: 'booked',
      status: 'SHIPPED',
    });
    expect(releaseParcelBooking(apply(locked(), event('SHIPMENT_ERROR'), event('PAYMENT_REFUNDED')), { now: later })).toEqual({
      outcome: 'booked',
      status: 'PAYMENT_REFUNDED',
    });
  });
});
