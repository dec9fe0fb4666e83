import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localCloud } from '../src/endpoints.js';
import { signIn } from '../src/sign-in.js';
import { callMeterDirectory, logDirectory, probeLocalCloud, startLocalCloud } from '../src/stack.js';

const ordersUrl = 'http://127.0.0.1:3000';
const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-data-'));
const startPersisted = () => startLocalCloud({ output: { kind: 'files', dir: logDirectory }, persist: dataDir });
const aCloudIsUp = (await probeLocalCloud()) !== 'stopped';

const placeOrder = async (customerId: string): Promise<string> => {
  const { items } = (await (await fetch('http://127.0.0.1:3001/products?limit=1')).json()) as {
    items: Array<{ productId: string; unitPrice: unknown }>;
  };
  const response = await fetch(`${ordersUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await signIn(customerId)}` },
    body: JSON.stringify({
      customerId,
      currency: 'EUR',
      items: items.map(({ productId, unitPrice }) => ({ productId, quantity: 1, unitPrice })),
      deliveryAddress: {
        name: 'Ada Lovelace',
        street: ["12 St James's Square"],
        city: 'London',
        postalCode: 'SW1Y 4JH',
        country: 'GB',
        phone: '+44 20 7946 0000',
      },
      paymentToken: 'pm_card_visa',
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { orderId: string }).orderId;
};

const statusOf = async (orderId: string) => {
  const response = await fetch(`${ordersUrl}/orders/${orderId}`, {
    headers: { authorization: `Bearer ${await signIn('operator-restart', { groups: ['operators'] })}` },
  });
  return response.status === 200 ? ((await response.json()) as { status: string }).status : `HTTP ${response.status}`;
};

const shipped = (orderId: string) => expect.poll(() => statusOf(orderId), { timeout: 60_000, interval: 250 }).toBe('SHIPPED');

/** How often orders' stream reader handed records to the outbox relay since orders' process started (the meter writes once a second). */
const relayInvocations = async (): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const file = join(callMeterDirectory, 'orders.json');
  if (!existsSync(file)) return 0;
  const { calls } = JSON.parse(readFileSync(file, 'utf8')) as { calls: Record<string, number> };
  return calls['invoke orders-local-relayOutboxStream'] ?? 0;
};

const mailboxCount = async () =>
  ((await (await fetch(`${localCloud.ses.url}/store`)).json()) as { emails: unknown[] }).emails.length;

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(aCloudIsUp)('a local cloud started with --persist, stopped and started again', () => {
  it('still has the order and its emails, reads the stream on from where it stopped, and relays nothing twice', async () => {
    let cloud = await startPersisted();
    let orderId: string;
    let emailsBefore: number;
    try {
      orderId = await placeOrder(`cust-restart-${Date.now()}`);
      await shipped(orderId);
      emailsBefore = await mailboxCount();
    } finally {
      await cloud.stop();
    }

    cloud = await startPersisted();
    try {
      expect(await statusOf(orderId)).toBe('SHIPPED');
      expect(emailsBefore).toBeGreaterThan(0);
      expect(await mailboxCount()).toBeGreaterThanOrEqual(emailsBefore);
      // Four times the reader's poll and more: a reader started from the stream's beginning would
      // have handed the first order's records to the relay again by now.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await relayInvocations()).toBe(0);

      await shipped(await placeOrder(`cust-restart-${Date.now()}`));
      expect(await relayInvocations()).toBeGreaterThan(0);
    } finally {
      await cloud.stop();
    }
  });
});

if (aCloudIsUp)
  console.warn(`a local cloud is up at ${localCloud.dynamodb.url}: the restart tests start their own, and are skipped`);
