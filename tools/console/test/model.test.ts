import { exampleEvent, type EventType, type OrderEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { kpis, latestOrders, litServices, timeline } from '../src/model.js';

let sequence = 0;
const event = <T extends EventType>(
  type: T,
  orderId: string,
  time: string,
  data: Partial<OrderEvent<T>['data']> = {},
): OrderEvent =>
  ({
    ...exampleEvent(type),
    id: `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`,
    orderId,
    time,
    data: { ...exampleEvent(type).data, ...data },
  }) as OrderEvent;

describe('latestOrders', () => {
  it('lists every customer’s orders newest first, each with the status of its last event that moved it', () => {
    const events = [
      event('PAYMENT_CONFIRMED', 'a', '2026-11-22T08:00:03.000Z'),
      event('ORDER_CREATED', 'a', '2026-11-22T08:00:00.000Z', { customerId: 'ada' }),
      event('INVOICE_CREATED', 'a', '2026-11-22T08:00:01.000Z'),
      event('ORDER_CREATED', 'b', '2026-11-22T08:01:00.000Z', { customerId: 'bob' }),
      event('ORDER_MODIFIED', 'b', '2026-11-22T08:01:01.000Z'),
      event('ORDER_CANCELLED', 'c', '2026-11-22T08:02:01.000Z'),
    ];
    expect(latestOrders(events).map(({ orderId, customerId, status }) => ({ orderId, customerId, status }))).toEqual([
      { orderId: 'b', customerId: 'bob', status: 'ORDER_CREATED' },
      { orderId: 'a', customerId: 'ada', status: 'PAYMENT_CONFIRMED' },
    ]);
  });

  it('keeps an order on its way through a partial refund and a credit note, and ends it on a full refund', () => {
    const lowered = { code: 'order_modified', message: 'Your order was changed and now costs €5.00 less.' };
    const events = [
      event('ORDER_CREATED', 'a', '2026-11-22T08:00:00.000Z'),
      event('PAYMENT_CONFIRMED', 'a', '2026-11-22T08:00:01.000Z'),
      event('PAYMENT_REFUNDED', 'a', '2026-11-22T08:00:02.000Z', { reason: lowered }),
      event('CREDIT_NOTE_CREATED', 'a', '2026-11-22T08:00:03.000Z'),
      event('ORDER_CREATED', 'b', '2026-11-22T07:00:00.000Z'),
      event('ORDER_CANCELLED', 'b', '2026-11-22T07:00:01.000Z'),
      event('PAYMENT_REFUNDED', 'b', '2026-11-22T07:00:02.000Z'),
    ];
    expect(latestOrders(events).map(({ orderId, status }) => ({ orderId, status }))).toEqual([
      { orderId: 'a', status: 'PAYMENT_CONFIRMED' },
      { orderId: 'b', status: 'PAYMENT_REFUNDED' },
    ]);
  });

  it('keeps only the newest `limit` orders', () => {
    const events = ['1', '2', '3'].map((id) => event('ORDER_CREATED', id, `2026-11-22T08:00:0${id}.000Z`));
    expect(latestOrders(events, { limit: 2 }).map((row) => row.orderId)).toEqual(['3', '2']);
  });

  it('keeps the watched order listed, last, once newer orders push it out of the newest `limit`', () => {
    const events = ['1', '2', '3'].map((id) => event('ORDER_CREATED', id, `2026-11-22T08:00:0${id}.000Z`));
    expect(latestOrders(events, { limit: 2, watched: '1' }).map((row) => row.orderId)).toEqual(['3', '2', '1']);
    expect(latestOrders(events, { limit: 2, watched: '3' }).map((row) => row.orderId)).toEqual(['3', '2']);
  });

  it('says CANCELLED for an order cancelled by its customer', () => {
    const events = [
      event('ORDER_CREATED', 'a', '2026-11-22T08:00:00.000Z'),
      event('ORDER_CANCELLED', 'a', '2026-11-22T08:00:01.000Z'),
    ];
    expect(latestOrders(events)[0]?.status).toBe('CANCELLED');
  });
});

describe('timeline', () => {
  it('gives each event in order the service that emitted it and how long the step took', () => {
    const steps = timeline([
      event('INVOICE_CREATED', 'a', '2026-11-22T08:00:00.250Z'),
      event('ORDER_CREATED', 'a', '2026-11-22T08:00:00.000Z'),
    ]);
    expect(steps.map(({ event: { type }, service, tookMs }) => ({ type, service, tookMs }))).toEqual([
      { type: 'ORDER_CREATED', service: 'orders', tookMs: undefined },
      { type: 'INVOICE_CREATED', service: 'invoice', tookMs: 250 },
    ]);
  });

  it("marks the payment steps billing took on the provider's webhook: those no event of ours caused", () => {
    const asked = {
      ...event('PAYMENT_ACTION_REQUIRED', 'a', '2026-11-22T08:00:01.000Z'),
      causationId: '0b7e7a4e-5d8f-4b8e-9a51-2f1c3c9d7e11',
    };
    const { causationId: _none, ...paid } = event('PAYMENT_CONFIRMED', 'a', '2026-11-22T08:00:09.000Z');

    const steps = timeline([asked, paid as typeof asked]);

    expect(steps.map(({ event: { type }, onWebhook }) => ({ type, onWebhook }))).toEqual([
      { type: 'PAYMENT_ACTION_REQUIRED', onWebhook: false },
      { type: 'PAYMENT_CONFIRMED', onWebhook: true },
    ]);
  });

  it('lights up the services that emitted an event of the order', () => {
    const events = [
      event('ORDER_CREATED', 'a', '2026-11-22T08:00:00.000Z'),
      event('PAYMENT_FAILED', 'a', '2026-11-22T08:00:01.000Z'),
    ];
    expect([...litServices(events)].sort()).toEqual(['billing', 'orders']);
  });
});

describe('kpis', () => {
  it('counts created, fulfilled (delivered, not merely shipped) and failed orders, in total and per minute', () => {
    const now = new Date('2026-11-22T08:10:30.000Z');
    const figures = kpis(
      [
        event('ORDER_CREATED', 'a', '2026-11-22T07:00:00.000Z'),
        event('ORDER_CREATED', 'b', '2026-11-22T08:09:10.000Z'),
        event('SHIPPED', 'b', '2026-11-22T08:10:05.000Z'),
        event('DELIVERED', 'b', '2026-11-22T08:10:10.000Z'),
        event('SHIPPED', 'e', '2026-11-22T08:10:12.000Z'),
        event('PAYMENT_FAILED', 'c', '2026-11-22T08:10:20.000Z'),
        event('SHIPMENT_ERROR', 'd', '2026-11-22T08:10:25.000Z'),
        event('INVOICE_CREATED', 'b', '2026-11-22T08:10:00.000Z'),
      ],
      now,
      3,
    );
    expect(figures).toEqual({
      created: 2,
      fulfilled: 1,
      failed: 2,
      buckets: [
        { start: '2026-11-22T08:08:00.000Z', created: 0, fulfilled: 0, failed: 0 },
        { start: '2026-11-22T08:09:00.000Z', created: 1, fulfilled: 0, failed: 0 },
        { start: '2026-11-22T08:10:00.000Z', created: 0, fulfilled: 1, failed: 2 },
      ],
    });
  });
});
