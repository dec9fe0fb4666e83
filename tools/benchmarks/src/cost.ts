import type { CallsPerOrder } from './calls.js';

/**
 * On-demand list prices in eu-west-1 (Ireland), in US dollars, as published by AWS on its pricing
 * pages for Lambda, API Gateway, DynamoDB, SNS and SES (revision of 2024-11, after DynamoDB's
 * on-demand price cut of 2024-11-01). Free tiers are left out: this is the price of the millionth
 * order, not the first. Checked by hand, not fetched: look at the pricing pages before you rely on it.
 * The limits that set how many orders a second AWS takes are beside them, in aws-limits.ts.
 */
const prices = {
  region: 'eu-west-1',
  asOf: '2024-11',
  currency: 'USD',
  lambdaRequestsPerMillion: 0.2,
  /** Arm (Graviton), which every function runs on (provider.architecture: arm64). */
  lambdaGbSecond: 0.0000133334,
  apiGatewayRestRequestsPerMillion: 3.5,
  dynamodbWriteRequestUnitsPerMillion: 0.7068,
  dynamodbReadRequestUnitsPerMillion: 0.1415,
  snsPublishesPerMillion: 0.5,
  /** Deliveries from SNS to Lambda are not charged. */
  snsLambdaDeliveriesPerMillion: 0,
  sesMessagesPerThousand: 0.1,
} as const;

/** The services that run on AWS; the sandboxes and the event journal exist only in the local cloud. */
export const awsServices = new Set(['orders', 'products', 'invoice', 'billing', 'shipment', 'email']);
const memoryGb = 0.25;

/**
 * Request units per call, for items under 1 KB (writes) and 4 KB (reads), as this pipeline's are.
 * A transaction writes an item and its outbox entry at twice the price; a lookup reads two products.
 */
export const writeUnits: Record<string, number> = {
  PutItem: 1,
  UpdateItem: 1,
  DeleteItem: 1,
  TransactWriteItems: 4,
  BatchWriteItem: 1,
};
export const readUnits: Record<string, number> = { GetItem: 1, Query: 1, Scan: 1, BatchGetItem: 2 };

export const costOfAMillionOrders = ({ byService, busyMsByService }: CallsPerOrder) => {
  let lambdaRequests = 0;
  let apiRequests = 0;
  let writes = 0;
  let reads = 0;
  let publishes = 0;
  let emails = 0;
  let busyMs = 0;
  for (const [service, calls] of Object.entries(byService)) {
    if (!awsServices.has(service)) continue;
    for (const [label, count] of Object.entries(calls)) {
      const [kind, detail = ''] = label.split(' ');
      if (kind === 'api') apiRequests += count;
      if (kind === 'api' || kind === 'invoke') lambdaRequests += count;
      if (kind === 'dynamodb') {
        writes += count * (writeUnits[detail] ?? 0);
        reads += count * (readUnits[detail] ?? 0);
      }
      if (kind === 'sns') publishes += count;
      if (kind === 'ses') emails += count;
    }
    busyMs += Object.values(busyMsByService[service] ?? {}).reduce((sum, ms) => sum + ms, 0);
  }
  const perOrder = {
    lambdaRequests,
    apiRequests,
    dynamodbWriteUnits: writes,
    dynamodbReadUnits: reads,
    snsPublishes: publishes,
    emails,
    lambdaGbSeconds: (busyMs / 1000) * memoryGb,
  };
  const million = 1_000_000;
  const dollars = {
    lambdaRequests: lambdaRequests * prices.lambdaRequestsPerMillion,
    lambdaDuration: perOrder.lambdaGbSeconds * million * prices.lambdaGbSecond,
    apiGateway: apiRequests * prices.apiGatewayRestRequestsPerMillion,
    dynamodb: writes * prices.dynamodbWriteRequestUnitsPerMillion + reads * prices.dynamodbReadRequestUnitsPerMillion,
    sns: publishes * prices.snsPublishesPerMillion,
    ses: emails * 1000 * prices.sesMessagesPerThousand,
  };
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    perOrder: Object.fromEntries(Object.entries(perOrder).map(([key, value]) => [key, round(value)])),
    usdPerMillionOrders: Object.fromEntries(Object.entries(dollars).map(([key, value]) => [key, round(value)])),
    totalUsdPerMillionOrders: round(Object.values(dollars).reduce((sum, value) => sum + value, 0)),
    note: 'Lambda duration from local durations (serverless-offline on this machine, 256 MB): an upper bound. Prices: see prices.',
    prices,
  };
};
