import { randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { advance, db, pace, parcelItem, parcelOf, returnItem, tableName } from './courier.js';
import type { ParcelStatus } from './rounds.js';

export const carrierName = 'Local Parcel Co';
const maxWeightG = 30_000;
/** Deliveries to this city meet a carrier that is down: 503 on every attempt. */
export const outageCity = 'Carrier Down';

interface ShipmentRequest {
  reference: string;
  recipient: { name: string; street: string[]; city: string; postalCode: string; country: string; phone?: string };
  parcels: Array<{ lengthMm: number; widthMm: number; heightMm: number; weightG: number }>;
}

const reply = (statusCode: number, body: unknown): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** A postal code that makes the carrier take 3 seconds to book: time to cancel the order while it books. */
export const slowPostalCode = 'SLOW 3S';

/** The carrier's rules: it does not serve Antarctica, and takes at most 30 kg in one booking. */
const refusal = (request: ShipmentRequest): { code: string; message: string } | undefined => {
  if (request.recipient.country === 'AQ')
    return { code: 'destination_not_served', message: 'Our carrier does not deliver to Antarctica.' };
  const weight = request.parcels.reduce((sum, parcel) => sum + parcel.weightG, 0);
  if (weight > maxWeightG)
    return { code: 'parcel_too_heavy', message: `The parcels weigh ${weight / 1000} kg; our carrier takes at most 30 kg.` };
  return undefined;
};

const isRequest = (body: unknown): body is ShipmentRequest => {
  const candidate = body as ShipmentRequest;
  return (
    typeof candidate?.reference === 'string' &&
    typeof candidate.recipient?.country === 'string' &&
    Array.isArray(candidate.parcels) &&
    candidate.parcels.length > 0 &&
    candidate.parcels.every((parcel) => Number.isInteger(parcel.weightG))
  );
};

const book = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const key = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'idempotency-key')?.[1];
  if (!key) return reply(400, { error: { code: 'idempotency_key_required', message: 'Send an Idempotency-Key header.' } });
  const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: { pk: `KEY#${key}` }, ConsistentRead: true }));
  if (Item) return reply(Item['statusCode'] as number, Item['body']);

  let body: unknown;
  try {
    body = JSON.parse(event.body ?? '');
  } catch {
    return reply(400, { error: { code: 'invalid_json', message: 'The body is not JSON.' } });
  }
  if (!isRequest(body))
    return reply(400, { error: { code: 'invalid_request', message: 'reference, recipient and parcels are required.' } });

  // A test trigger: the carrier is down for this city. A 503 is no refusal: the caller may retry, and
  // it is not kept under the key, so every retry meets the outage again (an order that stalls).
  if (body.recipient.city === outageCity)
    return reply(503, { error: { code: 'service_unavailable', message: 'The carrier cannot take bookings right now.' } });
  if (body.recipient.postalCode === slowPostalCode) await new Promise((resolve) => setTimeout(resolve, 3_000));
  const refused = refusal(body);
  const [statusCode, answer] = refused
    ? [422, { error: refused }]
    : [
        201,
        {
          shipmentId: `shp_${randomUUID()}`,
          carrier: carrierName,
          trackingNumber: `LP${randomBytes(5).toString('hex').toUpperCase()}${body.recipient.country}`,
          reference: body.reference,
          parcels: body.parcels.length,
        },
      ];
  try {
    // The first answer to a key is the answer: a concurrent twin that lost the race replays it.
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `KEY#${key}`, statusCode, body: answer, reference: body.reference, recipient: body.recipient },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    if (statusCode === 201) {
      // The courier collects it after a while, and takes it on from there (courier.ts).
      const { shipmentId, trackingNumber } = answer as unknown as { shipmentId: string; trackingNumber: string };
      const parcel = {
        shipmentId,
        reference: body.reference,
        trackingNumber,
        city: body.recipient.city,
        status: 'booked' as const,
      };
      await db.send(new PutCommand({ TableName: tableName, Item: parcelItem(parcel, pace.collectAfterSeconds) }));
    }
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    const { Item: first } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `KEY#${key}` }, ConsistentRead: true }),
    );
    return reply(first!['statusCode'] as number, first!['body']);
  }
  return reply(statusCode, answer);
};

const parcelAt = async (shipmentId: string): Promise<Record<string, unknown> | undefined> => {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName, Key: { pk: `SHIPMENT#${shipmentId}` }, ConsistentRead: true }),
  );
  return Item;
};

const statusOf = async (shipmentId: string): Promise<ParcelStatus | undefined> =>
  (await parcelAt(shipmentId))?.['status'] as ParcelStatus | undefined;

/**
 * Cancels a booking the courier has not collected, or collects it now (what a test does to make a
 * cancellation too late), once: cancelling what the carrier collected, or collecting what was
 * cancelled, is refused (409); doing the same again answers as the first time.
 */
const move = async (shipmentId: string, to: 'cancelled' | 'collected'): Promise<APIGatewayProxyResult> => {
  const item = await parcelAt(shipmentId);
  if (!item) return reply(404, { error: { code: 'shipment_not_found', message: `There is no shipment ${shipmentId}.` } });
  const parcel = parcelOf(item);
  if (parcel.status === 'booked') {
    const moved =
      to === 'collected'
        ? await advance(parcel)
        : await db
            .send(
              new PutCommand({
                TableName: tableName,
                Item: parcelItem({ ...parcel, status: 'cancelled' }, undefined),
                ConditionExpression: '#status = :booked',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':booked': 'booked' },
              }),
            )
            .then(
              () => true,
              (error: { name?: string }) => {
                if (error.name !== 'ConditionalCheckFailedException') throw error;
                return false;
              },
            );
    return moved ? reply(200, { shipmentId, status: to }) : move(shipmentId, to);
  }
  if (parcel.status === 'cancelled')
    return to === 'cancelled'
      ? reply(200, { shipmentId, status: 'cancelled' })
      : reply(409, { error: { code: 'shipment_cancelled', message: `Shipment ${shipmentId} was cancelled.` } });
  return to === 'collected'
    ? reply(200, { shipmentId, status: parcel.status })
    : reply(409, {
        error: { code: 'already_collected', message: `Shipment ${shipmentId} was collected; it can no longer be cancelled.` },
      });
};

/** GET /v1/shipments?reference=...: the bookings made for a reference, with their status, so that tests can count them. */
const list = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const reference = event.queryStringParameters?.['reference'];
  const { Items } = await db.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: '#reference = :r AND statusCode = :created',
      ExpressionAttributeNames: { '#reference': 'reference' },
      ExpressionAttributeValues: { ':r': reference, ':created': 201 },
    }),
  );
  // With the recipient each booking was made for, so that tests see where a parcel goes, and its state.
  const bookings = (Items ?? []).map((item) => ({ ...(item['body'] as { shipmentId: string }), recipient: item['recipient'] }));
  return reply(200, {
    data: await Promise.all(bookings.map(async (booking) => ({ ...booking, status: await statusOf(booking.shipmentId) }))),
  });
};

/**
 * POST /v1/returns {reference, returnId}: a label for sending back (part of) the parcel booked for
 * `reference`, once per return id. The courier brings it back a while later and tells shipment
 * (`return.received`, courier.ts).
 */
const bookReturn = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  let body: { reference?: unknown; returnId?: unknown };
  try {
    body = JSON.parse(event.body ?? '') as typeof body;
  } catch {
    return reply(400, { error: { code: 'invalid_json', message: 'The body is not JSON.' } });
  }
  const { reference, returnId } = body;
  if (typeof reference !== 'string' || typeof returnId !== 'string')
    return reply(400, { error: { code: 'invalid_request', message: 'reference and returnId are required.' } });
  const { Item: known } = await db.send(
    new GetCommand({ TableName: tableName, Key: { pk: `RETURN#${returnId}` }, ConsistentRead: true }),
  );
  if (known) return reply(201, { returnId, carrier: carrierName, trackingNumber: known['trackingNumber'] });
  const { Items = [] } = await db.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: '#reference = :r AND statusCode = :created',
      ExpressionAttributeNames: { '#reference': 'reference' },
      ExpressionAttributeValues: { ':r': reference, ':created': 201 },
    }),
  );
  const booking = Items[0]?.['body'] as { shipmentId: string } | undefined;
  if (!booking) return reply(404, { error: { code: 'shipment_not_found', message: `Nothing was booked for ${reference}.` } });
  const trackingNumber = `LPR${randomBytes(5).toString('hex').toUpperCase()}`;
  await db
    .send(
      new PutCommand({
        TableName: tableName,
        Item: returnItem({ returnId, reference, shipmentId: booking.shipmentId, trackingNumber }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
    .catch((error: { name?: string }) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  return bookReturn(event);
};

/**
 * POST /v1/shipments books; POST /v1/shipments/{shipmentId}/cancel cancels a booking the carrier has
 * not collected; POST /v1/shipments/{shipmentId}/collect is the sandbox's own: the courier picks the
 * parcel up (what a test does to make a cancellation too late).
 */
export const main = (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const shipmentId = event.pathParameters?.['shipmentId'];
  if (shipmentId && event.path.endsWith('/cancel')) return move(shipmentId, 'cancelled');
  if (shipmentId && event.path.endsWith('/collect')) return move(shipmentId, 'collected');
  if (event.path.endsWith('/v1/returns')) return bookReturn(event);
  return event.httpMethod === 'POST' ? book(event) : list(event);
};
