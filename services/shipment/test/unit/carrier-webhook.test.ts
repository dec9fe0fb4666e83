import type { CarrierWebhook } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { sign } from '@ecommerce/webhooks';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Shipment } from '../../src/domain/shipment.js';
import type { CarrierWebhookDependencies } from '../../src/functions/carrier-webhook/carrier-webhook.js';
import { createHandler } from '../../src/functions/carrier-webhook/make-handler.js';
import { inMemoryShipments } from '../in-memory-shipments.js';

const secret = 'whsec_test_carrier';
const booked: Shipment = {
  orderId: 'ord-1',
  status: 'booked',
  shipmentId: 'shp_1',
  carrier: 'Local Parcel Co',
  trackingNumber: 'LP1GB',
  updatedAt: '2026-11-21T10:00:00.000Z',
};

/** A shipment booked for ord-1, and a handler that records into memory and sends what it stores. */
const carrierWebhooks = (shipment: Shipment = booked) => {
  const { shipments, records, stored } = inMemoryShipments();
  records.set(shipment.orderId, shipment);
  const sent: OrderEvent[] = [];
  const dependencies: CarrierWebhookDependencies = {
    shipments,
    outbox: {
      settle: async (_partition: string, event: OrderEvent | undefined) => void (event && sent.push(event)),
    } as OutboxRelay,
    publisher: createEventPublisher({
      source: 'shipment',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  const handler = createHandler(dependencies, async () => secret);
  const post = async (body: string, signature: string | undefined = sign(secret, body, Math.floor(Date.now() / 1000))) => {
    const request = {
      httpMethod: 'POST',
      resource: '/carrier/webhooks',
      headers: signature === 'none' ? {} : { 'Carrier-Signature': signature },
      body,
    } as unknown as APIGatewayProxyEvent;
    const response = await handler(request, {} as Context);
    return { status: response.statusCode, body: JSON.parse(response.body) as { code?: string; message?: string } };
  };
  return { post, records, stored, sent };
};

let next = 0;
const webhook = (type: CarrierWebhook['type'], data: Partial<CarrierWebhook['data']> = {}): string =>
  JSON.stringify({
    id: `evt_${(next += 1)}`,
    type,
    created: 1_800_000_000 + next,
    data: { shipmentId: 'shp_1', reference: 'ord-1', ...data },
  } satisfies CarrierWebhook);

describe('POST /carrier/webhooks', () => {
  it('moves a parcel that was delivered to delivered, and announces DELIVERED once', async () => {
    const { post, records, sent } = carrierWebhooks();

    const answer = await post(webhook('parcel.delivered'));

    expect(answer).toEqual({ status: 200, body: { received: true } });
    expect(records.get('ord-1')?.status).toBe('delivered');
    expect(sent.map(({ type }) => type)).toEqual(['DELIVERED']);
    expect(sent[0]).toMatchObject({
      orderId: 'ord-1',
      source: 'shipment',
      data: { shipmentId: 'shp_1', carrier: 'Local Parcel Co', trackingNumber: 'LP1GB' },
    });
  });

  it('records collected and in transit with no event on the topic', async () => {
    const { post, records, sent } = carrierWebhooks();

    await post(webhook('parcel.collected'));
    await post(webhook('parcel.in_transit'));

    expect(records.get('ord-1')?.status).toBe('in_transit');
    expect(sent).toEqual([]);
  });

  it('answers the same webhook id twice with 200 and has one effect', async () => {
    const { post, stored } = carrierWebhooks();
    const delivered = webhook('parcel.delivered');

    const answers = [await post(delivered), await post(delivered)];

    expect(answers.map(({ status }) => status)).toEqual([200, 200]);
    expect(stored.map(({ type }) => type)).toEqual(['DELIVERED']);
  });

  it('lets a late parcel.in_transit after parcel.delivered change nothing', async () => {
    const { post, records, stored } = carrierWebhooks();
    await post(webhook('parcel.delivered'));

    const late = await post(webhook('parcel.in_transit'));

    expect(late.status).toBe(200);
    expect(records.get('ord-1')?.status).toBe('delivered');
    expect(stored.map(({ type }) => type)).toEqual(['DELIVERED']);
  });

  it('tells a failed delivery with its attempts, then the parcel back with the sender', async () => {
    const { post, records, sent } = carrierWebhooks();

    await post(webhook('parcel.delivery_failed', { attempts: 3 }));
    await post(webhook('parcel.returned'));

    expect(records.get('ord-1')?.status).toBe('returned');
    expect(sent.map(({ type }) => type)).toEqual(['DELIVERY_FAILED', 'PARCEL_RETURNED']);
    expect(sent[0]!.data).toMatchObject({ attempts: 3, reason: { code: 'delivery_failed' } });
  });

  it('never delivers a parcel that failed, whatever comes late', async () => {
    const { post, records, stored } = carrierWebhooks();
    await post(webhook('parcel.delivery_failed', { attempts: 2 }));

    await post(webhook('parcel.delivered'));

    expect(records.get('ord-1')?.status).toBe('delivery_failed');
    expect(stored.map(({ type }) => type)).toEqual(['DELIVERY_FAILED']);
  });

  it.each([
    ['no signature', 'none'],
    ['a signature by another secret', sign('whsec_forger', '{}', Math.floor(Date.now() / 1000))],
    ['a signature older than 5 minutes', 'stale'],
  ])('refuses a webhook with %s: 400, nothing recorded', async (_case, signature) => {
    const { post, records, stored } = carrierWebhooks();
    const body = webhook('parcel.delivered');
    const header = signature === 'stale' ? sign(secret, body, Math.floor(Date.now() / 1000) - 301) : signature;

    const answer = await post(body, header);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_signature');
    expect(records.get('ord-1')?.status).toBe('booked');
    expect(stored).toEqual([]);
  });

  it('refuses a body changed after it was signed', async () => {
    const { post, stored } = carrierWebhooks();
    const body = webhook('parcel.in_transit');

    const answer = await post(
      body.replace('parcel.in_transit', 'parcel.delivered'),
      sign(secret, body, Math.floor(Date.now() / 1000)),
    );

    expect(answer.status).toBe(400);
    expect(stored).toEqual([]);
  });

  it.each([
    ['not JSON', 'parcel delivered'],
    [
      'an unknown type',
      JSON.stringify({ id: 'evt_x', type: 'parcel.lost', created: 1, data: { shipmentId: 'shp_1', reference: 'ord-1' } }),
    ],
    ['no shipment', JSON.stringify({ id: 'evt_x', type: 'parcel.delivered', created: 1, data: { reference: 'ord-1' } })],
    [
      'a field the contract does not know',
      JSON.stringify({
        id: 'evt_x',
        type: 'parcel.delivered',
        created: 1,
        data: { shipmentId: 'shp_1', reference: 'ord-1' },
        extra: 1,
      }),
    ],
  ])('refuses a signed body that is %s: 400, nothing recorded', async (_case, body) => {
    const { post, records, stored } = carrierWebhooks();

    const answer = await post(body);

    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('invalid_request');
    expect(records.get('ord-1')?.status).toBe('booked');
    expect(stored).toEqual([]);
  });

  it('tells a return the carrier brought back once, with its label, however often the webhook comes', async () => {
    const { post, stored } = carrierWebhooks();
    const received = webhook('return.received', { returnId: 'ret-1', trackingNumber: 'LPR1' });

    const answers = [await post(received), await post(received)];

    expect(answers.map(({ status }) => status)).toEqual([200, 200]);
    expect(stored).toEqual([
      expect.objectContaining({
        type: 'RETURN_RECEIVED',
        data: { returnId: 'ret-1', carrier: 'Local Parcel Co', trackingNumber: 'LPR1' },
      }),
    ]);
  });

  it('refuses a return.received that does not name its return: 400, nothing recorded', async () => {
    const { post, stored } = carrierWebhooks();

    const answer = await post(webhook('return.received', { trackingNumber: 'LPR1' }));

    expect(answer.status).toBe(400);
    expect(stored).toEqual([]);
  });

  it('refuses a webhook about a shipment not booked under its reference: 404', async () => {
    const { post, stored } = carrierWebhooks();

    const answer = await post(webhook('parcel.delivered', { shipmentId: 'shp_someone_else' }));

    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('shipment_not_found');
    expect(stored).toEqual([]);
  });
});
