import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import {
  isCancellationDue,
  markStalled,
  parseStepDeadlines,
  waitingKeys,
  type StepDeadlines,
} from '../../src/domain/deadlines.js';
import { cancel, recordProgress, type ProgressEvent } from '../../src/domain/lifecycle.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { kettle, placing, wok } from '../fixtures.js';

const placedAt = '2026-11-22T10:00:00.000Z';
const created = (): StoredOrder => {
  const result = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000000', now: new Date(placedAt) },
  );
  if (!result.accepted) throw new Error('expected the order to be accepted');
  return result.order;
};

let sequence = 0;
const event = (
  type: ProgressEvent['type'],
  time: string,
  id = `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
) => exampleEvent(type, { id, orderId: 'ord-1', time }) as ProgressEvent;

const apply = (order: StoredOrder, ...events: ProgressEvent[]) =>
  events.reduce((current, next) => {
    const progress = recordProgress(current, next);
    return progress.changed ? progress.order : current;
  }, order);

const deadlines: StepDeadlines = {
  stalledAfterSeconds: {
    ORDER_CREATED: 60,
    INVOICE_CREATED: 120,
    PAYMENT_ACTION_REQUIRED: 120,
    PAYMENT_CONFIRMED: 600,
    PARCEL_BOOKING: 600,
    SHIPMENT_ERROR: 300,
    CANCELLED: 300,
    SHIPPED: 86400,
    DELIVERY_FAILED: 300,
    PARCEL_RETURNED: 300,
  },
  cancelledAfterSeconds: 3600,
};
const at = (iso: string) => new Date(iso);

const stalledOrThrow = (order: StoredOrder, now: string) => {
  const decision = markStalled(order, deadlines, at(now));
  if (decision.outcome !== 'stalled') throw new Error('expected the order to stall');
  return decision.order;
};

describe('waitingKeys', () => {
  it('puts a new order in ORDER_CREATED since it was placed', () => {
    expect(waitingKeys(created())).toEqual({ waitingIn: 'ORDER_CREATED', waitingSince: placedAt });
  });

  it('moves the order to the step its latest status begins, since the time of the event that began it', () => {
    const paid = apply(
      created(),
      event('INVOICE_CREATED', '2026-11-22T10:00:02.000Z'),
      event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'),
    );

    expect(waitingKeys(paid)).toEqual({ waitingIn: 'PAYMENT_CONFIRMED', waitingSince: '2026-11-22T10:00:05.000Z' });
  });

  it('gives the same keys whatever the order and number of deliveries of the same events', () => {
    const invoiced = event('INVOICE_CREATED', '2026-11-22T10:00:02.000Z');
    const paid = event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z');

    const inOrder = apply(created(), invoiced, paid);
    const reordered = apply(created(), paid, invoiced);
    const redelivered = apply(created(), paid, invoiced, paid, invoiced);

    expect(waitingKeys(reordered)).toEqual(waitingKeys(inOrder));
    expect(waitingKeys(redelivered)).toEqual(waitingKeys(inOrder));
  });

  it('counts the step from the event that began it, not from a late event of an earlier step that joined the history', () => {
    // Services' clocks differ: the invoice's event carries a time after the payment's.
    const paid = apply(
      created(),
      event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'),
      event('INVOICE_CREATED', '2026-11-22T10:00:07.000Z'),
    );

    expect(paid.updatedAt).toBe('2026-11-22T10:00:07.000Z');
    expect(waitingKeys(paid)).toEqual({ waitingIn: 'PAYMENT_CONFIRMED', waitingSince: '2026-11-22T10:00:05.000Z' });
  });

  it('takes the order out of the index once it has ended', () => {
    const delivered = apply(
      created(),
      event('INVOICE_CREATED', '2026-11-22T10:00:02.000Z'),
      event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'),
      event('SHIPPED', '2026-11-22T10:00:09.000Z'),
      event('DELIVERED', '2026-11-23T10:00:09.000Z'),
    );
    const failed = apply(created(), event('PAYMENT_FAILED', '2026-11-22T10:00:03.000Z'));

    expect(waitingKeys(delivered)).toBeUndefined();
    expect(waitingKeys(failed)).toBeUndefined();
  });

  it('keeps a shipped order waiting for its delivery, and one whose delivery failed waiting for its refund', () => {
    const shipped = apply(
      created(),
      event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'),
      event('SHIPPED', '2026-11-22T10:00:09.000Z'),
    );
    const failed = apply(shipped, event('DELIVERY_FAILED', '2026-11-24T10:00:00.000Z'));

    expect(waitingKeys(shipped)).toEqual({ waitingIn: 'SHIPPED', waitingSince: '2026-11-22T10:00:09.000Z' });
    expect(waitingKeys(failed)).toEqual({ waitingIn: 'DELIVERY_FAILED', waitingSince: '2026-11-24T10:00:00.000Z' });
  });

  it('keeps a paid order that is cancelled waiting for its refund, and lets an unpaid one end', () => {
    const paid = apply(created(), event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'));
    const cancelNow = { eventId: '00000000-0000-4000-8000-0000000000aa', now: at('2026-11-22T10:01:00.000Z') };
    const cancelledPaid = cancel(paid, cancelNow);
    const cancelledUnpaid = cancel(created(), cancelNow);
    if (cancelledPaid.outcome !== 'cancelled' || cancelledUnpaid.outcome !== 'cancelled')
      throw new Error('expected cancellations');

    expect(waitingKeys(cancelledPaid.order)).toEqual({ waitingIn: 'CANCELLED', waitingSince: '2026-11-22T10:01:00.000Z' });
    expect(waitingKeys(cancelledUnpaid.order)).toBeUndefined();
  });
});

describe('markStalled', () => {
  it('leaves an order alone until its step is past the deadline', () => {
    expect(markStalled(created(), deadlines, at('2026-11-22T10:00:59.999Z'))).toEqual({ outcome: 'not-stalled' });
  });

  it("marks an order past its step's deadline stalled in its history and moves it to STALLED", () => {
    const order = created();

    const decision = markStalled(order, deadlines, at('2026-11-22T10:01:00.000Z'));

    expect(decision).toMatchObject({ outcome: 'stalled', step: 'ORDER_CREATED' });
    const stalled = stalledOrThrow(order, '2026-11-22T10:01:00.000Z');
    expect(stalled.history.at(-1)).toEqual({
      status: 'ORDER_CREATED',
      at: '2026-11-22T10:01:00.000Z',
      stalled: true,
      detail: `We have been waiting for its invoice since ${placedAt}, longer than we should; we are looking into it.`,
    });
    expect(stalled.status).toBe('ORDER_CREATED');
    expect(stalled.version).toBe(order.version + 1);
    expect(waitingKeys(stalled)).toEqual({ waitingIn: 'STALLED', waitingSince: '2026-11-22T10:01:00.000Z' });
  });

  it('marks an order stalled once however often the sweep sees it', () => {
    const stalled = stalledOrThrow(created(), '2026-11-22T10:01:00.000Z');

    expect(markStalled(stalled, deadlines, at('2026-11-22T11:00:00.000Z'))).toEqual({ outcome: 'not-stalled' });
  });

  it("lets a stalled order that moves on wait in its new step again, under that step's deadline", () => {
    const stalled = stalledOrThrow(created(), '2026-11-22T10:01:00.000Z');

    const invoiced = apply(stalled, event('INVOICE_CREATED', '2026-11-22T10:01:30.000Z'));

    expect(waitingKeys(invoiced)).toEqual({ waitingIn: 'INVOICE_CREATED', waitingSince: '2026-11-22T10:01:30.000Z' });
    expect(markStalled(invoiced, deadlines, at('2026-11-22T10:03:29.000Z'))).toEqual({ outcome: 'not-stalled' });
    expect(markStalled(invoiced, deadlines, at('2026-11-22T10:03:30.000Z'))).toMatchObject({
      outcome: 'stalled',
      step: 'INVOICE_CREATED',
    });
  });

  it('counts a late event from the time it happened: an order whose payment was confirmed long ago stalls at once', () => {
    const paidLongAgo = apply(created(), event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'));

    expect(markStalled(paidLongAgo, deadlines, at('2026-11-22T10:10:05.000Z'))).toMatchObject({
      outcome: 'stalled',
      step: 'PAYMENT_CONFIRMED',
    });
  });

  it('marks a parcel that is never delivered stalled, and never cancels its order', () => {
    const shipped = apply(
      created(),
      event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'),
      event('SHIPPED', '2026-11-22T10:00:09.000Z'),
    );

    expect(markStalled(shipped, deadlines, at('2026-11-23T10:00:08.000Z'))).toEqual({ outcome: 'not-stalled' });
    const decision = markStalled(shipped, deadlines, at('2026-11-23T10:00:09.000Z'));
    expect(decision).toMatchObject({ outcome: 'stalled', step: 'SHIPPED' });
    if (decision.outcome !== 'stalled') throw new Error('expected a stall');
    expect(decision.order.history.at(-1)?.detail).toMatch(/^We have been waiting for its delivery since/);
    expect(isCancellationDue(decision.order, deadlines, at('2026-12-25T10:00:00.000Z'))).toBe(false);
  });

  it('never marks an order that has ended', () => {
    const failed = apply(created(), event('PAYMENT_FAILED', '2026-11-22T10:00:03.000Z'));

    expect(markStalled(failed, deadlines, at('2026-11-23T10:00:00.000Z'))).toEqual({ outcome: 'not-stalled' });
  });
});

describe('isCancellationDue', () => {
  it('is due once an order that can still be cancelled has stayed stalled past the final deadline', () => {
    const stalled = stalledOrThrow(created(), '2026-11-22T10:01:00.000Z');

    expect(isCancellationDue(stalled, deadlines, at('2026-11-22T11:00:59.999Z'))).toBe(false);
    expect(isCancellationDue(stalled, deadlines, at('2026-11-22T11:01:00.000Z'))).toBe(true);
  });

  it('is never due for an order that is not stalled, or one that waits for its refund', () => {
    const paid = apply(created(), event('PAYMENT_CONFIRMED', '2026-11-22T10:00:05.000Z'));
    const refusal = apply(paid, event('SHIPMENT_ERROR', '2026-11-22T10:00:08.000Z'));
    const stalledRefund = stalledOrThrow(refusal, '2026-11-22T10:10:00.000Z');

    expect(isCancellationDue(created(), deadlines, at('2026-11-25T10:00:00.000Z'))).toBe(false);
    expect(waitingKeys(stalledRefund)?.waitingIn).toBe('STALLED');
    expect(isCancellationDue(stalledRefund, deadlines, at('2026-11-25T10:00:00.000Z'))).toBe(false);
  });
});

describe('parseStepDeadlines', () => {
  it('reads a deadline in seconds for every step, and the final one', () => {
    expect(
      parseStepDeadlines(
        'ORDER_CREATED=60, INVOICE_CREATED=120,PAYMENT_ACTION_REQUIRED=120,PAYMENT_CONFIRMED=600,PARCEL_BOOKING=600,SHIPMENT_ERROR=300,CANCELLED=300,SHIPPED=86400,DELIVERY_FAILED=300,PARCEL_RETURNED=300',
        '3600',
      ),
    ).toEqual(deadlines);
  });

  it('names the step whose deadline is missing, malformed or unknown', () => {
    expect(() => parseStepDeadlines('ORDER_CREATED=60', '3600')).toThrow(
      'the deadline of INVOICE_CREATED must be a whole number of seconds, not missing',
    );
    expect(() =>
      parseStepDeadlines(
        'ORDER_CREATED=1m,INVOICE_CREATED=1,PAYMENT_ACTION_REQUIRED=1,PAYMENT_CONFIRMED=1,PARCEL_BOOKING=1,SHIPMENT_ERROR=1,CANCELLED=1,SHIPPED=1,DELIVERY_FAILED=1,PARCEL_RETURNED=1',
        '1',
      ),
    ).toThrow('the deadline of ORDER_CREATED must be a whole number of seconds, not 1m');
    expect(() =>
      parseStepDeadlines(
        'ORDER_CREATED=1,INVOICE_CREATED=1,PAYMENT_ACTION_REQUIRED=1,PAYMENT_CONFIRMED=1,PARCEL_BOOKING=1,SHIPMENT_ERROR=1,CANCELLED=1,SHIPPED=1,DELIVERY_FAILED=1,PARCEL_RETURNED=1,DELIVERED=1',
        '1',
      ),
    ).toThrow('there is no step DELIVERED to give a deadline to');
    expect(() =>
      parseStepDeadlines(
        'ORDER_CREATED=1,INVOICE_CREATED=1,PAYMENT_ACTION_REQUIRED=1,PAYMENT_CONFIRMED=1,PARCEL_BOOKING=1,SHIPMENT_ERROR=1,CANCELLED=1,SHIPPED=1,DELIVERY_FAILED=1,PARCEL_RETURNED=1',
        '-5',
      ),
    ).toThrow('the deadline of the cancellation of a stalled order must be a whole number of seconds, not -5');
  });
});
