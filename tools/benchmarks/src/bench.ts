import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createApiClient, type CreateOrderRequest, type Product } from '@ecommerce/api-client';
import { localCloudEnv } from '@ecommerce/local-cloud';
import { exampleData } from '@ecommerce/shared-events';

// Every figure here is measured against the local cloud on this machine: serverless-offline,
// DynamoDB Local and the SNS hub, not AWS. They compare changes to the code, not clouds.
Object.assign(process.env, localCloudEnv);
const orders = createApiClient({ baseUrl: 'http://127.0.0.1:3000' });
const products = createApiClient({ baseUrl: 'http://127.0.0.1:3001' });
const resultsFile = fileURLToPath(new URL('../results/latest.json', import.meta.url));

interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const summarise = (samples: number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
};

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
};

const catalogue = async (): Promise<Product[]> =>
  (await products.GET('/products', { params: { query: { limit: 5 } } })).data!.items;

const order = (items: Product[]): CreateOrderRequest => ({
  customerId: `bench-${randomUUID()}`,
  customerEmail: 'bench@example.com',
  currency: 'EUR',
  items: items.map((product) => ({ productId: product.productId, quantity: 1, unitPrice: product.unitPrice })),
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
  paymentToken: 'pm_card_visa',
});

const place = async (items: Product[]): Promise<string> => {
  const { data, response } = await orders.POST('/orders', { body: order(items) });
  if (!data) throw new Error(`POST /orders answered ${response.status}`);
  return data.orderId;
};

const untilShipped = async (orderId: string, deadlineMs = 60_000): Promise<void> => {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const { data } = await orders.GET('/orders/{orderId}', { params: { path: { orderId } } });
    if (data?.status === 'SHIPPED') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`order ${orderId} did not ship within ${deadlineMs} ms`);
};

const main = async () => {
  const items = await catalogue();
  console.log('warming up (the first call of each function starts its worker)...');
  for (let i = 0; i < 5; i += 1) await untilShipped(await place(items.slice(0, 2)));

  const listing: number[] = [];
  for (let i = 0; i < 200; i += 1)
    listing.push((await timed(() => products.GET('/products', { params: { query: { limit: 20 } } })))[1]);

  const sequential: number[] = [];
  for (let i = 0; i < 100; i += 1) sequential.push((await timed(() => place(items.slice(0, 2))))[1]);

  // Each failure is a figure too: serverless-offline runs every concurrent invocation in a worker
  // thread of its own, and on a small machine some of them time out.
  const concurrency = 10;
  const perWorker = 20;
  const concurrent: number[] = [];
  const failures: Record<string, number> = {};
  const [, wallMs] = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = 0; i < perWorker; i += 1) {
          const [{ response }, ms] = await timed(() => orders.POST('/orders', { body: order(items.slice(0, 2)) }));
          if (response.status === 201) concurrent.push(ms);
          else failures[response.status] = (failures[response.status] ?? 0) + 1;
        }
      }),
    ),
  );

  const toShipped: number[] = [];
  for (let i = 0; i < 20; i += 1) toShipped.push((await timed(async () => untilShipped(await place(items.slice(0, 2)))))[1]);

  const results = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    where: 'local cloud (serverless-offline, DynamoDB Local, SNS hub), not AWS',
    unit: 'milliseconds',
    'GET /products, sequential': summarise(listing),
    'POST /orders, sequential': summarise(sequential),
    [`POST /orders, ${concurrency} clients`]: {
      ...summarise(concurrent),
      ordersPerSecond: Math.round((concurrent.length / wallMs) * 1000 * 10) / 10,
      failedByStatus: failures,
    },
    'POST /orders until SHIPPED (4 services, 4 events)': summarise(toShipped),
  };
  mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.table(
    Object.fromEntries(
      Object.entries(results).filter(([, value]) => typeof value === 'object' && value !== null && 'p50' in value),
    ),
  );
  console.log(`written to ${resultsFile}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
