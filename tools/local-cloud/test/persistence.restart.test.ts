import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { localCloud, localCloudEnv } from '../src/endpoints.js';
import { signIn } from '../src/sign-in.js';
import { callMeterDirectory, logDirectory, probeLocalCloud, startLocalCloud, startOfflineService } from '../src/stack.js';

const ordersUrl = 'http://127.0.0.1:3000';
const dataDirs: string[] = [];
/** A folder of its own for each test's kept data, so that none sees another's. */
const freshDataDir = () => {
  dataDirs.push(mkdtempSync(join(tmpdir(), 'local-cloud-data-')));
  return dataDirs.at(-1)!;
};
const startPersisted = (dataDir: string) => startLocalCloud({ output: { kind: 'files', dir: logDirectory }, persist: dataDir });
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

afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(aCloudIsUp)('a local cloud started with --persist, stopped and started again', () => {
  it('still has the order and its emails, reads the stream on from where it stopped, and relays nothing twice', async () => {
    const dataDir = freshDataDir();
    let cloud = await startPersisted(dataDir);
    let orderId: string;
    let emailsBefore: number;
    try {
      orderId = await placeOrder(`cust-restart-${Date.now()}`);
      await shipped(orderId);
      emailsBefore = await mailboxCount();
    } finally {
      await cloud.stop();
    }

    cloud = await startPersisted(dataDir);
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

  it('hands on after the restart the stream records it had not handed on before the stop, and none it had', async () => {
    const dataDir = freshDataDir();
    const runsFile = join(dataDir, 'runs.jsonl');
    // The fixture service of function-invocation.int.test.ts: recordStream notes each record it is handed.
    const startFixture = () =>
      startOfflineService({
        name: 'local-cloud-fixture',
        dir: fileURLToPath(new URL('./fixtures/asynchronous-invocation/', import.meta.url)),
        serverlessCli: fileURLToPath(new URL('../node_modules/.bin/sls', import.meta.url)),
        ports: [3199, 4199],
        env: { FIXTURE_RUNS_FILE: runsFile },
      });
    const table = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: localCloud.dynamodb.url,
        region: localCloud.region,
        credentials: { accessKeyId: localCloudEnv.AWS_ACCESS_KEY_ID, secretAccessKey: localCloudEnv.AWS_SECRET_ACCESS_KEY },
      }),
    );
    const put = (pk: string) => table.send(new PutCommand({ TableName: 'local-cloud-fixture-local', Item: { pk } }));
    const handedOn = () =>
      existsSync(`${runsFile}.stream`)
        ? readFileSync(`${runsFile}.stream`, 'utf8')
            .trim()
            .split('\n')
            .map((line) => (JSON.parse(line) as { pk: string }).pk)
        : [];
    const before = ['STREAM#before#0', 'STREAM#before#1'];
    const during = ['STREAM#while-down#0', 'STREAM#while-down#1'];

    let cloud = await startPersisted(dataDir);
    try {
      const fixture = await startFixture();
      try {
        for (const pk of before) await put(pk);
        await expect.poll(() => handedOn().length, { message: 'the first records to be handed on', timeout: 15_000 }).toBe(2);
      } finally {
        await fixture.stop();
      }
      // Read from the stream, but with no process to hand them to when the cloud stops.
      for (const pk of during) await put(pk);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(handedOn()).toEqual(before);
    } finally {
      await cloud.stop();
    }

    cloud = await startPersisted(dataDir);
    try {
      const fixture = await startFixture();
      try {
        await expect
          .poll(() => handedOn().length, { message: 'the records written while it was down to be handed on', timeout: 15_000 })
          .toBeGreaterThanOrEqual(4);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(handedOn()).toEqual([...before, ...during]);
      } finally {
        await fixture.stop();
      }
    } finally {
      await cloud.stop();
      table.destroy();
    }
  });
});

if (aCloudIsUp)
  console.warn(`a local cloud is up at ${localCloud.dynamodb.url}: the restart tests start their own, and are skipped`);
