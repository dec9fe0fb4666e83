import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { backoffMs, send } from '@ecommerce/webhooks/deliver';
import { loadSigningSecret } from '@ecommerce/webhooks/secret';
import { nextStep, type Pace, type Parcel, type Step } from './rounds.js';

/**
 * The sandbox's courier, run on a schedule (every second locally, every minute on AWS): it takes
 * each parcel whose next step is due one step on, and sends each webhook that is due, signed, to
 * shipment. A webhook that gets no 2xx is tried again with backoff for `WEBHOOK_RETRY_MINUTES`;
 * one that was taken is sometimes sent again (`WEBHOOK_DUPLICATE_PROBABILITY`), and one may be held
 * back so that the next overtakes it (`WEBHOOK_REORDER_PROBABILITY`), as real carriers do.
 */

const environment = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`missing environment variable: ${name}`);
  return value;
};
export const tableName = environment('SANDBOX_TABLE');
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const number = (name: string) => {
  const value = Number(environment(name));
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0`);
  return value;
};
export const pace: Pace & { collectAfterSeconds: number } = {
  stepSeconds: number('PARCEL_STEP_SECONDS'),
  collectAfterSeconds: number('PARCEL_COLLECT_AFTER_SECONDS'),
  deliveryAttempts: number('DELIVERY_ATTEMPTS'),
};
const retryForMs = number('WEBHOOK_RETRY_MINUTES') * 60_000;
const duplicateProbability = number('WEBHOOK_DUPLICATE_PROBABILITY');
const reorderProbability = number('WEBHOOK_REORDER_PROBABILITY');

/** Work waits in the sparse index Due (partition `due` = DUE, sorted by `dueAt`) until it is due. */
const due = 'DUE';
const at = (ms: number) => new Date(ms).toISOString();

/** A parcel as the rounds know it, from its stored item (without its keys and due time). */
export const parcelOf = (item: Record<string, unknown>): Parcel => ({
  shipmentId: item['shipmentId'] as string,
  reference: item['reference'] as string,
  trackingNumber: item['trackingNumber'] as string,
  city: item['city'] as string,
  status: item['status'] as Parcel['status'],
  ...(item['attempts'] === undefined ? {} : { attempts: item['attempts'] as number }),
});

/** The parcel's item as stored, with when its next step is due (none once it has ended). */
export const parcelItem = (parcel: Parcel, nextInSeconds: number | undefined, now = Date.now()) => ({
  pk: `SHIPMENT#${parcel.shipmentId}`,
  ...parcel,
  ...(nextInSeconds === undefined ? {} : { due, dueAt: at(now + nextInSeconds * 1000) }),
});

/** A webhook to send, as its item: due at once, or held back so that a later one overtakes it. */
const webhookItem = ({ type, data }: NonNullable<Step['webhook']>, now: number, random = Math.random) => {
  const id = `evt_${randomUUID().replaceAll('-', '')}`;
  const heldBackMs = random() < reorderProbability ? pace.stepSeconds * 1500 : 0;
  return {
    pk: `WEBHOOK#${id}`,
    body: JSON.stringify({ id, type, created: Math.floor(now / 1000), data }),
    attempts: 0,
    giveUpAt: at(now + retryForMs),
    due,
    dueAt: at(now + heldBackMs),
  };
};

/**
 * Takes a parcel one step on, written only if nobody took it on meanwhile (the schedule's runs may
 * overlap), with the webhook the step sends. False when another run was first.
 */
export const advance = async (parcel: Parcel, now = Date.now()): Promise<boolean> => {
  const step = nextStep(parcel, pace);
  if (!step) return false;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: parcelItem(step.parcel, step.nextInSeconds, now),
              ConditionExpression: '#status = :status AND (attribute_not_exists(attempts) OR attempts = :attempts)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':status': parcel.status, ':attempts': parcel.attempts ?? 0 },
            },
          },
          ...(step.webhook ? [{ Put: { TableName: tableName, Item: webhookItem(step.webhook, now) } }] : []),
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') return false;
    throw error;
  }
};

/** A return the courier picks up two steps after its label was booked, due in the Due index until then. */
export const returnItem = (
  ret: { returnId: string; reference: string; shipmentId: string; trackingNumber: string },
  now = Date.now(),
) => ({
  pk: `RETURN#${ret.returnId}`,
  ...ret,
  status: 'requested',
  due,
  dueAt: at(now + pace.stepSeconds * 2000),
});

/** Brings a return back: `return.received` to shipment, once (written only if still requested). */
const bringBack = async (item: Record<string, unknown>, now: number): Promise<void> => {
  const { returnId, reference, shipmentId, trackingNumber } = item as Record<string, string>;
  const { due: _due, dueAt: _dueAt, ...rest } = item;
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...rest, status: 'received' },
              ConditionExpression: '#status = :requested',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':requested': 'requested' },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: webhookItem({ type: 'return.received', data: { shipmentId, reference, trackingNumber, returnId } }, now),
            },
          },
        ],
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
  }
};

interface WebhookItem {
  pk: string;
  body: string;
  attempts: number;
  giveUpAt: string;
  dueAt: string;
  duplicated?: boolean;
}

/** Takes a due item for this run: its due time moves on a minute, unless another run took it first. */
const lease = async (item: { pk: string; dueAt: string }, now: number): Promise<boolean> => {
  try {
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk },
        UpdateExpression: 'SET dueAt = :lease',
        ConditionExpression: 'dueAt = :dueAt',
        ExpressionAttributeValues: { ':lease': at(now + 60_000), ':dueAt': item.dueAt },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

const webhookUrl = (() => {
  let url: Promise<string> | undefined;
  return () =>
    (url ??= (async () => {
      const local = process.env['CARRIER_WEBHOOK_URL'];
      if (local) return local;
      const parameter = `/ecommerce/${environment('STAGE')}/shipment/carrier-webhooks/url`;
      const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: parameter }));
      if (!Parameter?.Value) throw new Error(`SSM parameter ${parameter} has no value`);
      return Parameter.Value;
    })());
})();
let secret: Promise<string> | undefined;

/** One attempt at a due webhook, and when to try again: after backoff, once more as a duplicate, or never. */
const sendWebhook = async (item: WebhookItem, now: number): Promise<void> => {
  secret ??= loadSigningSecret('CARRIER_WEBHOOK_SECRET');
  const attempt = await send(
    { url: await webhookUrl(), body: item.body },
    { secret: await secret, signatureHeader: 'Carrier-Signature' },
  );
  const attempts = item.attempts + 1;
  const again = attempt.ok
    ? !item.duplicated && Math.random() < duplicateProbability
      ? { dueAt: at(now + 1_000), duplicated: true }
      : undefined
    : now + backoffMs(attempts) <= Date.parse(item.giveUpAt)
      ? { dueAt: at(now + backoffMs(attempts)) }
      : undefined;
  const { due: _due, dueAt: _dueAt, ...rest } = item as WebhookItem & { due?: string };
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...rest,
        attempts,
        lastStatus: attempt.status ?? 'unreachable',
        ...(again ? { due, ...again } : { outcome: attempt.ok ? 'delivered' : 'given_up' }),
      },
    }),
  );
};

const shuffled = <T>(items: T[]): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

/** One round: every due parcel one step on, then every due webhook sent, the ones due together in no set order. */
export const main = async (): Promise<void> => {
  const now = Date.now();
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'Due',
      KeyConditionExpression: '#due = :due AND dueAt <= :now',
      ExpressionAttributeNames: { '#due': 'due' },
      ExpressionAttributeValues: { ':due': due, ':now': at(now) },
      Limit: 200,
    }),
  );
  const parcels = Items.filter((item) => String(item['pk']).startsWith('SHIPMENT#'));
  await Promise.all(parcels.map((item) => advance(parcelOf(item), now)));
  const returns = Items.filter((item) => String(item['pk']).startsWith('RETURN#'));
  await Promise.all(returns.map((item) => bringBack(item, now)));
  const webhooks = shuffled(Items.filter((item) => String(item['pk']).startsWith('WEBHOOK#')) as unknown as WebhookItem[]);
  // A few at a time, as a carrier's sender does: a burst of parcels does not wait in one line.
  const sender = async () => {
    for (let item = webhooks.pop(); item; item = webhooks.pop()) if (await lease(item, now)) await sendWebhook(item, now);
  };
  await Promise.all(Array.from({ length: 8 }, sender));
};
