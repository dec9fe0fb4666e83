import { describe, expect, it } from 'vitest';
import { awsLimits } from '../../src/aws-limits.js';
import { capacityModel, type Design } from '../../src/capacity-model.js';
import type { CallsPerOrder } from '../../src/calls.js';

const design: Design = { invoiceSeries: 26, pendingShards: 16, waitingShards: 16, stageRateLimit: 500 };
const assumptions = { externalCallMs: 400, numberingTransactionMs: 25, getUserPerOrder: 1 };

/** One order's calls as the bench counts them, cut down to what the model reads. */
const anOrder = (): CallsPerOrder => ({
  orders: 100,
  byService: {
    orders: {
      'api POST /orders': 1,
      'api POST /internal/orders/{id}/parcel-booking': 1.31,
      'dynamodb GetItem': 5,
      'dynamodb PutItem': 4,
      sns: 1,
    },
    invoice: { 'invoke invoice-local-createInvoice': 1, 'dynamodb TransactWriteItems': 1, sns: 1 },
    billing: { 'invoke billing-local-chargeInvoice': 1, 'http :3010 POST /v1/payment_intents': 1, sns: 1 },
    shipment: { 'invoke shipment-local-bookShipment': 1, 'http :3011 POST /v1/shipments': 1, sns: 1 },
    email: { 'invoke email-local-sendEmail': 4, 'dynamodb PutItem': 5, 'dynamodb UpdateItem': 4, ses: 4 },
    'payment-sandbox': { 'api POST /v1/payment_intents': 1, 'dynamodb PutItem': 300 },
    'carrier-sandbox': { 'api POST /v1/shipments': 1 },
    'event-journal': { 'dynamodb PutItem': 4, sns: 400 },
  },
  busyMsByService: {
    orders: { 'api POST /orders': 10 },
    invoice: { 'invoke invoice-local-createInvoice': 20 },
    billing: { 'invoke billing-local-chargeInvoice': 40 },
    shipment: { 'invoke shipment-local-bookShipment': 50 },
    email: { 'invoke email-local-sendEmail': 60 },
    'event-journal': { 'invoke event-journal-local-recordEvent': 10_000 },
  },
});

const limitOf = (model: ReturnType<typeof capacityModel>, resource: string) => {
  const found = model.limits.find((limit) => limit.resource.startsWith(resource));
  if (!found) throw new Error(`no limit ${resource} in ${model.limits.map((limit) => limit.resource).join(', ')}`);
  return found;
};

describe('the capacity model', () => {
  it('binds each limit at the limit divided by what one order takes of it', () => {
    const calls = anOrder();

    const model = capacityModel(calls, design, assumptions);

    expect(limitOf(model, 'SES sending rate')).toMatchObject({ perOrder: 4, ordersPerSecond: 3.5, raisable: true });
    expect(limitOf(model, 'SNS Publish')).toMatchObject({ perOrder: 4, ordersPerSecond: 2250 });
    expect(limitOf(model, 'API Gateway, account')).toMatchObject({ perOrder: 2.31, ordersPerSecond: 4329 });
    // The stage throttle counts per method: the busiest route of a stage binds it.
    expect(limitOf(model, 'API Gateway stage throttle')).toMatchObject({
      resource: 'API Gateway stage throttle, orders POST /internal/orders/{id}/parcel-booking',
      perOrder: 1.31,
      ordersPerSecond: 381.6,
      raisedBy: 'our own setting',
    });
  });

  it('names the lowest ceiling the first limit, and the lowest a quota request cannot raise apart', () => {
    const calls = anOrder();

    const model = capacityModel(calls, design, assumptions);

    expect(model.firstLimit).toEqual({ resource: 'SES sending rate', ordersPerSecond: 3.5, raisedBy: 'quota request' });
    expect(model.firstUnraisable).toEqual({ resource: 'invoice numbering, one series at a time', ordersPerSecond: 1040 });
  });

  it('leaves out the local stand-ins: the sandboxes and the journal cost nothing on AWS', () => {
    const calls = anOrder();

    const model = capacityModel(calls, design, assumptions);

    expect(limitOf(model, 'DynamoDB table writes')).toMatchObject({ resource: 'DynamoDB table writes (email)', perOrder: 9 });
    // 180 ms of the services' own time and two outside calls of 400 ms; the journal's 10 s are not there.
    expect(limitOf(model, 'Lambda concurrency')).toMatchObject({ perOrder: 0.98, ordersPerSecond: 1020.4 });
  });

  it('binds a hot key at half the orders a second when an order writes it twice as often', () => {
    const calls = anOrder();
    const twice = anOrder();
    twice.byService['billing']!['sns'] = 2;
    twice.byService['invoice']!['invoke invoice-local-createInvoice'] = 2;

    const before = capacityModel(calls, design, assumptions);
    const after = capacityModel(twice, design, assumptions);

    expect(limitOf(before, 'DynamoDB, one OutboxPending shard').ordersPerSecond).toBe(8000);
    expect(limitOf(after, 'DynamoDB, one OutboxPending shard')).toMatchObject({
      resource: 'DynamoDB, one OutboxPending shard (billing)',
      ordersPerSecond: 4000,
    });
    expect(limitOf(before, 'DynamoDB, one invoice series counter').ordersPerSecond).toBe(13_000);
    expect(limitOf(after, 'DynamoDB, one invoice series counter').ordersPerSecond).toBe(6500);
    expect(limitOf(after, 'invoice numbering').ordersPerSecond).toBe(520);
  });

  it('binds a sharded key at the orders a second its shards allow: fewer shards, a lower ceiling', () => {
    const calls = anOrder();

    const sixteen = capacityModel(calls, design, assumptions);
    const one = capacityModel(calls, { ...design, waitingShards: 1, invoiceSeries: 1 }, assumptions);

    expect(limitOf(sixteen, 'DynamoDB, one WaitingOrders shard').ordersPerSecond).toBe(8000);
    expect(limitOf(one, 'DynamoDB, one WaitingOrders shard').ordersPerSecond).toBe(500);
    expect(one.firstUnraisable).toEqual({ resource: 'invoice numbering, one series at a time', ordersPerSecond: 40 });
  });

  it('keeps the scaling ramp of Lambda out of the ceilings: it bounds how fast traffic rises, not how high', () => {
    const calls = anOrder();
    const slowRamp = { ...awsLimits, lambdaScaling: { ...awsLimits.lambdaScaling, limit: 1 } };

    const model = capacityModel(calls, design, assumptions, slowRamp);

    expect(limitOf(model, 'Lambda scaling of shipment bookShipment')).toMatchObject({
      ramp: true,
      perOrder: 0.45,
      ordersPerSecond: 2.2,
    });
    expect(model.firstLimit.resource).toBe('SES sending rate');
  });

  it('asks, for each target, for every limit below it to become what that many orders take', () => {
    const calls = anOrder();

    const { asks } = capacityModel(calls, design, assumptions);

    expect(asks['100']).toEqual([
      { resource: 'SES sending rate', raisedBy: 'quota request', needed: 400, unit: 'e-mails a second', today: 14 },
    ]);
    expect(asks['1000']!.map((ask) => [ask.resource.split(',')[0], ask.needed])).toEqual([
      ['API Gateway stage throttle', 1310],
      ['SES sending rate', 4000],
      ['Cognito GetUser', 1000],
    ]);
    expect(asks['10000']).toContainEqual({
      resource: 'invoice numbering, one series at a time',
      raisedBy: 'a change of design',
      needed: 385,
      unit: 'numbers a second per series',
      today: 40,
    });
  });
});
