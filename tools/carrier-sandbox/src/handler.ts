import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

const tableName = process.env['SANDBOX_TABLE'];
if (!tableName) throw new Error('missing environment variable: SANDBOX_TABLE');
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));

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
  // A test hook, as the payment sandbox's slow card: the postal code `SLOW 1` keeps the booking
  // waiting 3 s, so that a test can act on an order while its parcel is being booked.
  if (body.recipient.postalCode === 'SLOW 1') await new Promise((resolve) => setTimeout(resolve, 3_000));
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
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    const { Item: first } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `KEY#${key}` }, ConsistentRead: true }),
    );
    return reply(first!['statusCode'] as number, first!['body']);
  }
  return reply(statusCode, answer);
};

/** GET /v1/shipments?reference=...: the bookings made for a reference, so that tests can count them. */
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
  // With the recipient each booking was made for, so that tests see where a parcel goes.
  return reply(200, { data: (Items ?? []).map((item) => ({ ...item['body'], recipient: item['recipient'] })) });
};

export const main = (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> =>
  event.httpMethod === 'POST' ? book(event) : list(event);
