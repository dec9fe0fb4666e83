import { awsLimits, type AwsLimit, type AwsLimits } from './aws-limits.js';
import type { CallsPerOrder } from './calls.js';
import { awsServices, readUnits, writeUnits } from './cost.js';

/** The parts of the design that spread the hot keys, and the limit we set ourselves on each API stage. */
export interface Design {
  /** Series of invoice numbers a year (docs/decisions/document-numbers.md); credit notes share their partitions. */
  invoiceSeries: number;
  /** Shards of the OutboxPending index, in each table with an outbox (docs/decisions/sharded-indexes.md). */
  pendingShards: number;
  /** Shards of each step of the WaitingOrders index. */
  waitingShards: number;
  /** serverless.common.yml `apiThrottling.prod.rateLimit`: requests a second per method of each API's stage. */
  stageRateLimit: number;
}

/** What the local cloud cannot measure, assumed. */
export interface Assumptions {
  /** Milliseconds a call to Stripe or to the carrier keeps its function busy on AWS (locally a sandbox answers in a few). */
  externalCallMs: number;
  /** Milliseconds one numbering transaction holds its series: a series issues one number at a time. */
  numberingTransactionMs: number;
  /** GetUser calls an order makes: one per customer a minute (kept 60 s), so one an order when every order is a new customer's. */
  getUserPerOrder: number;
}

const defaultAssumptions: Assumptions = { externalCallMs: 400, numberingTransactionMs: 25, getUserPerOrder: 1 };

type RaisedBy = 'quota request' | 'our own setting' | 'a change of design';

interface CapacityLimit {
  resource: string;
  limit: number;
  unit: string;
  /** How much of the limit's unit one order a second takes. */
  perOrder: number;
  ordersPerSecond: number;
  raisable: boolean;
  raisedBy: RaisedBy;
  /** A ramp bounds how fast the traffic may rise, not how high: it is never the first limit. */
  ramp?: true;
  scope: string;
  source: string;
  read: string;
  note?: string;
}

interface Ask {
  resource: string;
  raisedBy: RaisedBy;
  /** What the limit must be at the target, in its unit. */
  needed: number;
  unit: string;
  today: number;
}

export interface CapacityModel {
  firstLimit: { resource: string; ordersPerSecond: number; raisedBy: RaisedBy };
  /** The first limit that no quota request or setting raises: only a change of design moves it. */
  firstUnraisable: { resource: string; ordersPerSecond: number };
  limits: CapacityLimit[];
  /** For each target rate of orders a second, every limit below it and what it must become. */
  asks: Record<string, Ask[]>;
  assumptions: Assumptions;
  design: Design;
}

const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;
const kindOf = (label: string) => label.split(' ')[0];

/** The calls of the services that run on AWS, not those of the local sandboxes and journal. */
const awsCalls = (calls: CallsPerOrder) => Object.entries(calls.byService).filter(([service]) => awsServices.has(service));

/** Each call of a service to a local stand-in of an outside party (Stripe, the carrier), as the stand-in counted it. */
const externalCallsPerOrder = (calls: CallsPerOrder) =>
  sum(
    Object.entries(calls.byService)
      .filter(([service]) => service.endsWith('-sandbox'))
      .flatMap(([, counted]) => Object.entries(counted).filter(([label]) => kindOf(label) === 'api'))
      .map(([, count]) => count),
  );

/** Per function (service and label), the seconds of execution one order costs: its local busy time and its outside calls. */
const busySecondsPerFunction = (calls: CallsPerOrder, assumptions: Assumptions) => {
  const functions = new Map<string, number>();
  for (const [service, busy] of Object.entries(calls.busyMsByService)) {
    if (!awsServices.has(service)) continue;
    // `invoke orders-local-trackOrder`, `api POST /orders`: the function by its own name, the API by its route.
    for (const [label, ms] of Object.entries(busy)) functions.set(`${service} ${label.replace(/^invoke \S*-/, '')}`, ms / 1000);
  }
  // The stand-ins' calls are made by the functions that call outside: billing's charge and shipment's booking.
  for (const [service, counted] of awsCalls(calls)) {
    const outside = sum(
      Object.entries(counted)
        .filter(([label]) => kindOf(label) === 'http' && / \/v1\//.test(label))
        .map(([, count]) => count),
    );
    if (outside === 0) continue;
    const caller = Object.keys(calls.busyMsByService[service] ?? {})
      .filter((label) => label.startsWith('invoke '))
      .map((label) => `${service} ${label.replace(/^invoke \S*-/, '')}`)[0];
    if (caller) functions.set(caller, functions.get(caller)! + (outside * assumptions.externalCallMs) / 1000);
  }
  return functions;
};

const countOf = (calls: CallsPerOrder, matches: (service: string, label: string) => boolean) =>
  sum(
    awsCalls(calls).flatMap(([service, counted]) =>
      Object.entries(counted)
        .filter(([label]) => matches(service, label))
        .map(([, n]) => n),
    ),
  );

const unitsPerTable = (calls: CallsPerOrder, units: Record<string, number>) =>
  awsCalls(calls).map(
    ([service, counted]) =>
      [
        service,
        sum(
          Object.entries(counted)
            .filter(([label]) => kindOf(label) === 'dynamodb')
            .map(([label, count]) => count * (units[label.split(' ')[1] ?? ''] ?? 0)),
        ),
      ] as const,
  );

const busiest = <T extends readonly [string, number]>(entries: readonly T[]): T =>
  entries.reduce((most, entry) => (entry[1] > most[1] ? entry : most));

/** What one order takes of each limit, unrounded, for what a target rate needs. */
const exactPerOrder = new WeakMap<CapacityLimit, number>();

const row = (
  resource: string,
  limit: AwsLimit,
  perOrder: number,
  extra: Partial<Pick<CapacityLimit, 'raisedBy' | 'ramp' | 'note' | 'limit' | 'unit' | 'scope' | 'raisable' | 'source'>> = {},
): CapacityLimit => {
  const { limit: value, unit, scope, raisable, source, read, note } = { ...limit, ...extra };
  const bound: CapacityLimit = {
    resource,
    limit: value,
    unit,
    perOrder: round(perOrder),
    ordersPerSecond: perOrder > 0 ? Math.floor((value / perOrder) * 10) / 10 : Number.POSITIVE_INFINITY,
    raisable,
    raisedBy: extra.raisedBy ?? (raisable ? 'quota request' : 'a change of design'),
    ...(extra.ramp ? { ramp: true as const } : {}),
    scope,
    source,
    read,
    ...(note ? { note } : {}),
  };
  exactPerOrder.set(bound, perOrder);
  return bound;
};

/**
 * Where AWS stops the pipeline: for each limit an order meets, what one order a second takes of it
 * and so the orders a second at which it binds. A model from documented limits and the calls one
 * order made on the local cloud, never measured on AWS.
 */
export const capacityModel = (
  calls: CallsPerOrder,
  design: Design,
  assumptions: Assumptions = defaultAssumptions,
  limits: AwsLimits = awsLimits,
  targets: readonly number[] = [100, 1000, 10_000],
): CapacityModel => {
  const busy = busySecondsPerFunction(calls, assumptions);
  const [busiestFunction, busiestSeconds] = busiest([...busy.entries()]);
  const apiPerMethod = awsCalls(calls).flatMap(([service, counted]) =>
    Object.entries(counted)
      .filter(([label]) => kindOf(label) === 'api')
      .map(([label, count]) => [`${service} ${label.slice(4)}`, count] as const),
  );
  const [busiestMethod, busiestMethodCount] = busiest(apiPerMethod);
  const publishes = countOf(calls, (_, label) => label === 'sns');
  const documents = countOf(
    calls,
    (service, label) => service === 'invoice' && /^invoke .*create(Invoice|CreditNote)$/.test(label),
  );
  const [outboxTable, outboxEntries] = busiest(
    awsCalls(calls).map(([service, counted]) => [service, counted['sns'] ?? 0] as const),
  );
  const [writeTable, tableWrites] = busiest(unitsPerTable(calls, writeUnits));
  const [readTable, tableReads] = busiest(unitsPerTable(calls, readUnits));
  // A transactional write costs twice a plain one, per KB of each item:
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
  const counterWritesPerDocument = 2;
  // An index item's put and its delete take a write unit each (items under 1 KB).
  const indexWritesPerEntry = 2;

  const rows: CapacityLimit[] = [
    row('Lambda concurrency', limits.lambdaConcurrency, sum(busy.values()), {
      note: `execution seconds an order: local busy time of every function, each call to Stripe or the carrier counted ${assumptions.externalCallMs} ms (${round(externalCallsPerOrder(calls), 2)} an order)`,
    }),
    row(`Lambda scaling of ${busiestFunction}`, limits.lambdaScaling, busiestSeconds, {
      ramp: true,
      note: `orders a second the busiest function can add every 10 s; ${limits.lambdaScaling.note}`,
    }),
    row('API Gateway, account', limits.apiGatewayAccount, sum(apiPerMethod.map(([, count]) => count))),
    row(`API Gateway stage throttle, ${busiestMethod}`, limits.apiGatewayAccount, busiestMethodCount, {
      limit: design.stageRateLimit,
      unit: 'requests a second per method',
      scope: 'a limit we set ourselves: serverless.common.yml apiThrottling.prod.rateLimit, on every method of each stage',
      raisable: true,
      raisedBy: 'our own setting',
      source: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
      note: 'never above the account limit',
    }),
    row('SNS Publish, order-events topic', limits.snsPublish, publishes),
    row('KMS, the topic key', limits.kmsSymmetric, publishes, {
      note: 'assumes one GenerateDataKey a publish to the topic encrypted with our key; fewer if SNS reuses data keys',
    }),
    row(
      'SES sending rate',
      limits.sesSending,
      countOf(calls, (_, label) => label === 'ses'),
    ),
    row('Cognito GetUser', limits.cognitoUserRead, assumptions.getUserPerOrder, {
      note: `one a customer a minute (kept 60 s): assumed one an order, every order a new customer's; the bench's one customer made ${round(
        countOf(calls, (service, label) => service === 'orders' && label === 'http :3020 POST /'),
        2,
      )} an order`,
    }),
    row(
      'DynamoDB, one invoice series counter',
      limits.dynamodbPartitionWrites,
      (counterWritesPerDocument * documents) / design.invoiceSeries,
      {
        note: `${design.invoiceSeries} series, picked at random: a series takes 1/${design.invoiceSeries} of the documents, 2 write units each`,
      },
    ),
    row('invoice numbering, one series at a time', limits.dynamodbPartitionWrites, documents / design.invoiceSeries, {
      limit: Math.floor(1000 / assumptions.numberingTransactionMs),
      unit: 'numbers a second per series',
      scope: `a series issues one number at a time, one transaction of ${assumptions.numberingTransactionMs} ms each (assumed)`,
      raisable: false,
      note: 'more series raise it (seriesLetters)',
    }),
    row(
      `DynamoDB, one OutboxPending shard (${outboxTable})`,
      limits.dynamodbPartitionWrites,
      (indexWritesPerEntry * outboxEntries) / design.pendingShards,
      {
        note: `${design.pendingShards} shards; each entry put and deleted in the index`,
      },
    ),
    row(
      'DynamoDB, one WaitingOrders shard of a step',
      limits.dynamodbPartitionWrites,
      indexWritesPerEntry / design.waitingShards,
      {
        note: `${design.waitingShards} shards; an order enters and leaves each step once`,
      },
    ),
    row(`DynamoDB table writes (${writeTable})`, limits.dynamodbTableWrites, tableWrites, {
      note: "the busiest service's write units, as if all were in one table",
    }),
    row(`DynamoDB table reads (${readTable})`, limits.dynamodbTableReads, tableReads, {
      note: "the busiest service's read units (stream reads left out)",
    }),
  ];

  const ceilings = rows.filter((limit) => !limit.ramp);
  const lowest = (candidates: CapacityLimit[]) =>
    candidates.reduce((low, limit) => (limit.ordersPerSecond < low.ordersPerSecond ? limit : low));
  const first = lowest(ceilings);
  const firstUnraisable = lowest(ceilings.filter((limit) => limit.raisedBy === 'a change of design'));
  const asks = Object.fromEntries(
    targets.map((target) => [
      String(target),
      ceilings
        .filter((limit) => limit.ordersPerSecond < target)
        .map((limit) => ({
          resource: limit.resource,
          raisedBy: limit.raisedBy,
          // Less a hair, so that 1.31 × 1,000 asks for 1,310, not 1,311.
          needed: Math.ceil(exactPerOrder.get(limit)! * target - 1e-9),
          unit: limit.unit,
          today: limit.limit,
        })),
    ]),
  );
  return {
    firstLimit: { resource: first.resource, ordersPerSecond: first.ordersPerSecond, raisedBy: first.raisedBy },
    firstUnraisable: { resource: firstUnraisable.resource, ordersPerSecond: firstUnraisable.ordersPerSecond },
    limits: rows,
    asks,
    assumptions,
    design,
  };
};
