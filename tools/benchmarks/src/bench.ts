import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CreateOrderRequest, Product } from '@ecommerce/api-client';
import { acquireLocalCloud, localCloudEnv, signIn } from '@ecommerce/local-cloud';
import { exampleData } from '@ecommerce/shared-events';
import { bundlesTable, measureBundles } from './bundles.js';
import { callsPerOrder, callTotals, readMeters, withoutScheduledQueries, type CallsPerOrder } from './calls.js';
import { awsServices, costOfAMillionOrders } from './cost.js';
import { localCloudCpuSeconds } from './cpu.js';
import { floorUrl, startFloor } from './floor.js';
import { wholeNumberOption } from './service-table.js';
import { measureStartup } from './startup.js';
import { markdownTable } from './table.js';
import { load, summarise, type LoadOptions, type LoadResult } from './load.js';
import { untilQuiet, type Quiet } from './quiet.js';
import { deadLetterCount, settle, type Settlement } from './settle.js';

// Every figure here is measured against the local cloud on this machine: serverless-offline,
// DynamoDB Local and the SNS hub, not AWS. They compare versions of the code, not clouds.
Object.assign(process.env, localCloudEnv);
const ordersUrl = 'http://127.0.0.1:3000';
const productsUrl = 'http://127.0.0.1:3001';
const resultsFile = fileURLToPath(new URL('../results/latest.json', import.meta.url));
const log = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const benchCustomer = 'bench-customer';

const orderBody = (items: Product[]): CreateOrderRequest => ({
  customerId: benchCustomer,
  currency: 'EUR',
  items: items.map((product) => ({ productId: product.productId, quantity: 1, unitPrice: product.unitPrice })),
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
  paymentToken: 'pm_card_visa',
});

const orderIdsIn = (bodies: string[]): string[] =>
  bodies.flatMap((body) => {
    try {
      const { orderId } = JSON.parse(body) as { orderId?: string };
      return orderId ? [orderId] : [];
    } catch {
      return [];
    }
  });

interface OrderScenario {
  /** How the local cloud was when the scenario began: quiet, after the wait for the last one's tail. */
  quietBefore: Quiet;
  localCloudCpuSecondsPerOrder?: number;
  clients: number;
  arrivals?: LoadOptions['arrivals'];
  latency: LoadResult['latency'];
  ordersPerSecond: number;
  byStatus: Record<string, number>;
  transportErrors: number;
  secondsUntilEveryOrderFinal?: number;
  ordersByFinalStatus: Settlement['byStatus'];
  ordersNotFinal: number;
  createdToFinal: Settlement['createdToFinalMs'];
  deadLetters: number;
}

/** Places orders under `shape`, then waits until every order created has ended, and counts dead letters. */
const orderScenario = async (
  body: string,
  headers: Record<string, string>,
  shape: Pick<LoadOptions, 'connections' | 'amount' | 'duration' | 'overallRate' | 'arrivals'>,
): Promise<OrderScenario> => {
  const quietBefore = await untilQuiet();
  const deadBefore = await deadLetterCount();
  const cpuBefore = localCloudCpuSeconds();
  const since = Date.now();
  const result = await load({ url: `${ordersUrl}/orders`, method: 'POST', body, headers, ...shape });
  const orderIds = orderIdsIn(result.bodies);
  const settlement = await settle(orderIds, since);
  return {
    quietBefore,
    clients: shape.connections,
    ...(shape.arrivals ? { arrivals: shape.arrivals } : {}),
    latency: result.latency,
    ordersPerSecond: result.requestsPerSecond,
    byStatus: result.byStatus,
    transportErrors: result.errors,
    ...(settlement.msUntilFinal === undefined
      ? {}
      : { secondsUntilEveryOrderFinal: Math.round(settlement.msUntilFinal / 100) / 10 }),
    ordersByFinalStatus: settlement.byStatus,
    ordersNotFinal: settlement.notFinal,
    createdToFinal: settlement.createdToFinalMs,
    deadLetters: (await deadLetterCount()) - deadBefore,
    ...cpuPerOrder(cpuBefore, orderIds.length),
  };
};

/** CPU seconds the whole local cloud spent per order since `before`: what bounds throughput on this machine. */
const cpuPerOrder = (before: number | undefined, orders: number) => {
  const after = localCloudCpuSeconds();
  if (before === undefined || after === undefined || orders === 0) return {};
  return { localCloudCpuSecondsPerOrder: Math.round(((after - before) / orders) * 1000) / 1000 };
};

/** One order at a time on a quiet stack: each is left to finish before the next is placed. */
const oneAtATime = async (body: string, headers: Record<string, string>, count: number) => {
  const post: number[] = [];
  const toFinal: number[] = [];
  const byStatus: Record<string, number> = {};
  const cpuBefore = localCloudCpuSeconds();
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    const startedAt = Date.now();
    const response = await fetch(`${ordersUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    post.push(performance.now() - started);
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    const { orderId } = (await response.json()) as { orderId?: string };
    if (!orderId) continue;
    const { msUntilFinal } = await settle([orderId], startedAt, 30_000);
    if (msUntilFinal !== undefined) toFinal.push(msUntilFinal);
  }
  return { post: summarise(post), byStatus, untilFinal: summarise(toFinal), ...cpuPerOrder(cpuBefore, toFinal.length) };
};

/** The keys of latest.json that hold the calls of an order and their cost (capacity.ts reads the first). */
const callsKeys = {
  calls: 'calls per order (one at a time, per service)',
  totals: 'calls per order, totals (the services that run on AWS)',
  cost: 'AWS cost of one million orders',
} as const;

/** Places `count` orders one at a time on a quiet stack, each left to end, with the call meters read before and after. */
const callsOfOneAtATime = async (body: string, headers: Record<string, string>, count: number) => {
  const quietBefore = await untilQuiet();
  // The meters write once a second: what came before must be in them before the first reading.
  await sleep(2_000);
  const before = readMeters();
  const scenario = { quietBefore, ...(await oneAtATime(body, headers, count)) };
  // The last emails and history entries land after SHIPPED; the meters write once a second.
  await sleep(3_000);
  return { scenario, calls: callsPerOrder(before, readMeters(), count) };
};

const recordCalls = (record: ReturnType<typeof createReport>['record'], calls: CallsPerOrder) => {
  record(callsKeys.calls, calls);
  record(callsKeys.totals, {
    ...callTotals(calls, awsServices),
    note:
      "dynamodb counts the local stream reader's polls (streamPolls: on AWS Lambda's event source mapping makes them, unbilled) " +
      "and the scheduled functions' Queries (scheduledQueries: every 5 s locally, every minute on AWS); dynamodbOnTheOrdersPath is the rest",
  });
  record(callsKeys.cost, costOfAMillionOrders(withoutScheduledQueries(calls)));
};

/**
 * `pnpm bench -- --calls-only [--orders <n>]`: on the local cloud (reused if it runs), 20 orders to
 * warm the services' kept answers, then `n` (100) one at a time, and prints their calls per order,
 * by service and operation, the totals and the cost of a million orders. It replaces those entries
 * of latest.json and leaves the rest as the last full run wrote them.
 */
const measureCallsOnly = async () => {
  const orders = wholeNumberOption('orders', 100);
  const lease = await acquireLocalCloud(log);
  const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
  const record = (name: string, figures: object) => {
    results[name] = { measuredAt: new Date().toISOString(), ...figures };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  };
  try {
    const { body, signedIn } = await anOrder();
    log("20 orders one at a time, to warm what the services keep (the catalogue, the customer's e-mail)");
    await oneAtATime(body, signedIn, 20);
    log(`${orders} orders one at a time, each left to end, with the call meters read before and after`);
    const { scenario, calls } = await callsOfOneAtATime(body, signedIn, orders);
    recordCalls(record, calls);
    for (const [service, counted] of Object.entries(calls.byService)) {
      console.log(
        `${service}: ${Object.entries(counted)
          .map(([label, count]) => `${label} ${count}`)
          .join(', ')}`,
      );
    }
    console.log(
      JSON.stringify(
        {
          oneAtATime: scenario,
          ...Object.fromEntries(
            Object.values(callsKeys)
              .slice(1)
              .map((key) => [key, results[key]]),
          ),
        },
        null,
        2,
      ),
    );
    log(`written to ${resultsFile}`);
  } finally {
    await lease.release();
  }
};

/** `--startup-runs <n>`: how many times to start the local cloud from nothing (0: not at all). */
const startupRuns = (): number => {
  const at = process.argv.indexOf('--startup-runs');
  const runs = at === -1 ? 3 : Number(process.argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 0) throw new Error('--startup-runs takes a whole number, 0 or more');
  return runs;
};

const main = async () => {
  // `--calls-only`: the calls per order and their cost, nothing else (see measureCallsOnly).
  if (process.argv.includes('--calls-only')) {
    await measureCallsOnly();
    return;
  }
  const runs = startupRuns();
  // First, while nothing else runs: how long `pnpm dev` takes to be ready.
  const startup = runs > 0 ? await measureStartup({ runs, log }) : undefined;
  // `--startup-only`: just that, printed, for comparing two versions of the start quickly.
  if (process.argv.includes('--startup-only')) {
    console.log(JSON.stringify(startup ?? { skipped: 'no start measured (--startup-runs 0)' }, null, 2));
    return;
  }
  const report = createReport(startup);
  const lease = await acquireLocalCloud(log);
  try {
    await measureRunning(report.record);
  } finally {
    await lease.release();
  }
  // After the local cloud has stopped: a module's load time is measured on a machine doing nothing else.
  log("every function's zip and its module load time beside a bare bundle of the same SDK clients");
  const bundles = await measureBundles({ log });
  console.table(bundlesTable(bundles));
  report.record('function bundles', bundles);
  console.log(`\n${markdownTable(report.results)}\n`);
  console.log(JSON.stringify(report.results, null, 2));
  log(`written to ${resultsFile}`);
};

/** The figures of one run, written to latest.json as each one comes, so that a run cut short keeps what it measured. */
const createReport = (startup: Awaited<ReturnType<typeof measureStartup>> | undefined) => {
  const results: Record<string, unknown> = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadavg()[0],
    },
    where: 'local cloud (serverless-offline, DynamoDB Local, SNS hub), not AWS',
    unit: 'milliseconds',
    ...(startup ? { 'local cloud start (pnpm dev until ready), seconds': startup } : {}),
  };
  const record = (name: string, figures: object) => {
    const { bodies: _bodies, ...kept } = figures as { bodies?: unknown };
    results[name] = kept;
    mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    log(`${name}: ${JSON.stringify(kept)}`);
  };
  return { results, record };
};

/** The order every scenario places, and the bench customer's token, signed in once as a customer's program would. */
const anOrder = async () => {
  const { items } = (await (await fetch(`${productsUrl}/products?limit=2`)).json()) as { items: Product[] };
  const body = JSON.stringify(orderBody(items));
  const signedIn = { authorization: `Bearer ${await signIn(benchCustomer, { expiresIn: 4 * 3600 })}` };
  return { body, signedIn };
};

const measureRunning = async (record: ReturnType<typeof createReport>['record']) => {
  const { body, signedIn } = await anOrder();
  const floor = await startFloor();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void floor.stop().then(() => process.exit(130)));
  }
  try {
    // A fresh stack is slow for its first few hundred orders while the JVM and every Node runtime
    // compile their hot code (one at a time: p50 63 ms before 300 orders, 46 ms after, measured):
    // what follows measures the warm stack, as warm Lambda containers serve most requests, and the
    // cold start is measured on its own (function bundles, local cloud start).
    log('warming up: 200 orders from 10 clients, each left to end');
    await orderScenario(body, signedIn, { connections: 10, amount: 200 });
    await load({ url: floorUrl, method: 'POST', body: '{}', connections: 1, amount: 50 });
    // Each scenario starts on a quiet stack (see untilQuiet); the floor and GET /products too.
    log(`after the warm-up: ${JSON.stringify(await untilQuiet())}`);

    log('the floor: a no-op handler, 1 and 10 clients');
    record('floor, one at a time', await load({ url: floorUrl, method: 'POST', body: '{}', connections: 1, amount: 300 }));
    record('floor, 10 clients', await load({ url: floorUrl, method: 'POST', body: '{}', connections: 10, amount: 1000 }));

    log('GET /products, 1 and 10 clients');
    record(
      'GET /products, one at a time',
      await load({
        url: `${productsUrl}/products?limit=20`,
        connections: 1,
        amount: 300,
      }),
    );
    record('GET /products, 10 clients', await load({ url: `${productsUrl}/products?limit=20`, connections: 10, amount: 1000 }));

    log('POST /orders one at a time, each left to finish');
    // 100, so that p99 is the 99th of them and not the slowest one alone (see summarise).
    const { scenario, calls } = await callsOfOneAtATime(body, signedIn, 100);
    record('POST /orders one at a time (quiet stack)', scenario);
    recordCalls(record, calls);

    log('POST /orders from 10 clients (200 orders)');
    record('POST /orders, 10 clients', await orderScenario(body, signedIn, { connections: 10, amount: 200 }));

    log('a burst of 500 orders from 50 clients');
    record('POST /orders, 50 clients (burst of 500)', await orderScenario(body, signedIn, { connections: 50, amount: 500 }));

    log('5 orders a second for 60 s, one every 200 ms');
    record(
      'POST /orders, 5 a second for 60 s',
      await orderScenario(body, signedIn, { connections: 5, overallRate: 5, duration: 60, arrivals: 'paced' }),
    );
    // Until 2 December 2026 "5 a second" was autocannon's own rate, which sends each second's 5
    // requests at once (see LoadOptions.arrivals): kept beside the paced one, for comparison.
    log('5 orders at once, every second for 60 s');
    record(
      'POST /orders, 5 at once every second for 60 s',
      await orderScenario(body, signedIn, { connections: 5, overallRate: 5, duration: 60, arrivals: 'bunched' }),
    );
  } finally {
    await floor.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
