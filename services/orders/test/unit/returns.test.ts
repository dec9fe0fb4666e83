import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { recordProgress, type ProgressEvent } from '../../src/domain/lifecycle.js';
import { placeOrder, type StoredOrder } from '../../src/domain/order.js';
import { checkReturn, receiveReturn, withReturn } from '../../src/domain/returns.js';
import { kettle, placing, wok } from '../fixtures.js';

const deliveredAt = '2026-11-22T10:00:00.000Z';
const window = { windowSeconds: 30 * 86400, now: new Date('2026-11-23T10:00:00.000Z') };

let step = 0;
const event = (type: ProgressEvent['type'], time: string) =>
  exampleEvent(type, {
    id: `00000000-0000-4000-8000-${String(++step).padStart(12, '0')}`,
    orderId: 'ord-1',
    time,
  }) as ProgressEvent;

/** An order of 2 kettles and 1 wok (placing()), delivered at `deliveredAt`, or only shipped. */
const order = (delivered = true): StoredOrder => {
  const placed = placeOrder(
    placing(),
    { items: [kettle, wok], missing: [] },
    { orderId: 'ord-1', eventId: '00000000-0000-4000-8000-000000000000', now: new Date('2026-11-21T10:00:00.000Z') },
  );
  if (!placed.accepted) throw new Error('expected the order to be accepted');
  const events = [event('PAYMENT_CONFIRMED', '2026-11-21T10:01:00.000Z'), event('SHIPPED', '2026-11-21T10:02:00.000Z')];
  if (delivered) events.push(event('DELIVERED', deliveredAt));
  return events.reduce((current, next) => {
    const progress = recordProgress(current, next);
    return progress.changed ? progress.order : current;
  }, placed.order);
};

const returnOf = (items: Array<{ productId: string; quantity: number }>) => ({
  returnId: 'ret-1',
  status: 'REQUESTED' as const,
  items,
  reason: 'Too small',
  requestedAt: '2026-11-23T10:00:00.000Z',
  label: { carrier: 'Local Parcel Co', trackingNumber: 'LPR1' },
});

describe('checkReturn', () => {
  it('lets the customer send back part of a delivered order within the window', () => {
    expect(checkReturn(order(), { items: [{ productId: kettle.productId, quantity: 1 }], reason: 'Too small' }, window)).toEqual({
      outcome: 'allowed',
    });
  });

  it('refuses an order that is not delivered: 409 order_not_delivered', () => {
    expect(
      checkReturn(order(false), { items: [{ productId: kettle.productId, quantity: 1 }], reason: 'x' }, window),
    ).toMatchObject({
      statusCode: 409,
      code: 'order_not_delivered',
    });
  });

  it('refuses once the window after the delivery has closed: 409 return_window_closed', () => {
    const request = { items: [{ productId: kettle.productId, quantity: 1 }], reason: 'x' };

    expect(checkReturn(order(), request, { windowSeconds: 86400, now: new Date('2026-11-23T10:00:00.000Z') }).outcome).toBe(
      'allowed',
    );
    expect(checkReturn(order(), request, { windowSeconds: 86400, now: new Date('2026-11-23T10:00:00.001Z') })).toMatchObject({
      statusCode: 409,
      code: 'return_window_closed',
    });
  });

  it('refuses more than was delivered less what was already returned, naming each line: 422', () => {
    const returnedOnce = withReturn(order(), returnOf([{ productId: kettle.productId, quantity: 1 }]));

    const check = checkReturn(
      returnedOnce,
      {
        items: [
          { productId: kettle.productId, quantity: 2 },
          { productId: 'prod-unknown', quantity: 1 },
        ],
        reason: 'x',
      },
      window,
    );

    expect(check).toMatchObject({ statusCode: 422, code: 'return_exceeds_delivered' });
    expect(check.outcome === 'refused' && check.details?.map(({ path }) => path)).toEqual([
      '/items/0/quantity',
      '/items/1/quantity',
    ]);
    expect(checkReturn(returnedOnce, { items: [{ productId: wok.productId, quantity: 1 }], reason: 'x' }, window).outcome).toBe(
      'allowed',
    );
  });
});

describe('receiveReturn', () => {
  const arrival = exampleEvent('RETURN_RECEIVED', {
    id: '00000000-0000-4000-8000-0000000000aa',
    orderId: 'ord-1',
    time: '2026-11-25T10:00:00.000Z',
    data: { returnId: 'ret-1', carrier: 'Local Parcel Co', trackingNumber: 'LPR1' },
  });

  it('marks the return received, once, as a step of the history, and leaves the order DELIVERED', () => {
    const requested = withReturn(order(), returnOf([{ productId: kettle.productId, quantity: 1 }]));

    const first = receiveReturn(requested, arrival);
    if (first.changed !== true) throw new Error('expected the return to be received');

    expect(first.order.status).toBe('DELIVERED');
    expect(first.order.returns).toEqual([expect.objectContaining({ status: 'RECEIVED', receivedAt: arrival.time })]);
    expect(first.order.history.at(-1)).toMatchObject({ status: 'RETURN_RECEIVED', eventId: arrival.id });
    expect(receiveReturn(first.order, arrival)).toEqual({ changed: false });
  });

  it('says it does not know a return it holds no request for', () => {
    expect(receiveReturn(order(), arrival)).toEqual({ changed: 'unknown' });
  });
});
