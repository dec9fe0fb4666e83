import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callMeterDirectory } from '@ecommerce/local-cloud';

/** What every service's call meter has counted so far (tools/local-cloud/call-meter.mjs). */
interface Meter {
  service: string;
  calls: Record<string, number>;
  busyMs: Record<string, number>;
}
export type Meters = Record<string, Meter>;

export const readMeters = (): Meters => {
  if (!existsSync(callMeterDirectory)) return {};
  return Object.fromEntries(
    readdirSync(callMeterDirectory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => {
        const meter = JSON.parse(readFileSync(join(callMeterDirectory, file), 'utf8')) as Meter;
        return [meter.service, meter];
      }),
  );
};

const per = (value: number, orders: number) => Math.round((value / orders) * 100) / 100;

export interface CallsPerOrder {
  orders: number;
  /** Per service, per kind of call: how many one order costs. */
  byService: Record<string, Record<string, number>>;
  /** Per service and function: milliseconds spent serving one order, as measured locally. */
  busyMsByService: Record<string, Record<string, number>>;
}

/** The difference between two readings of the meters, divided by the orders placed in between. */
export const callsPerOrder = (before: Meters, after: Meters, orders: number): CallsPerOrder => {
  const byService: CallsPerOrder['byService'] = {};
  const busyMsByService: CallsPerOrder['busyMsByService'] = {};
  for (const [service, meter] of Object.entries(after)) {
    const earlier: Pick<Meter, 'calls' | 'busyMs'> = before[service] ?? { calls: {}, busyMs: {} };
    const calls = Object.entries(meter.calls)
      .map(([label, count]) => [label, per(count - (earlier.calls[label] ?? 0), orders)] as const)
      .filter(([, count]) => count > 0);
    if (calls.length > 0) byService[service] = Object.fromEntries(calls.sort(([a], [b]) => a.localeCompare(b)));
    const busy = Object.entries(meter.busyMs)
      .map(([label, ms]) => [label, per(ms - (earlier.busyMs[label] ?? 0), orders)] as const)
      .filter(([, ms]) => ms > 0);
    if (busy.length > 0) busyMsByService[service] = Object.fromEntries(busy);
  }
  return { orders, byService, busyMsByService };
};

/**
 * DynamoDB Streams' reads of the local cloud's stream reader (tools/local-cloud/streams.mjs), met in
 * orders' process. On AWS, Lambda's event source mapping polls the stream, not the function's code,
 * and those reads are not billed as request units: counted apart, and shown with and without.
 */
const streamPollOperations = new Set(['GetRecords', 'GetShardIterator', 'DescribeStream', 'ListStreams']);

export interface CallTotals {
  /** DynamoDB calls of the services that run on AWS (the sandboxes and the event journal left out). */
  dynamodb: number;
  /** The part of `dynamodb` that is the stream reader's polls. */
  streamPolls: number;
  dynamodbWithoutStreamPolls: number;
  /**
   * The Queries: the scheduled functions' (the outbox catch-ups, the sweep of stalled orders: every
   * 5 s locally, every minute on AWS), which grow with time, not with orders. No function on a
   * shipped order's path queries; an outbox flush does, on a redelivery only.
   */
  scheduledQueries: number;
  /** The rest: what the functions an order runs call, and what it costs on AWS whatever the rate. */
  dynamodbOnTheOrdersPath: number;
  /** Lambda invocations: every API request (each runs a function) and every direct invocation. */
  lambdaInvocations: number;
  apiRequests: number;
  /** Per service, the DynamoDB calls without the stream polls, and the Lambda invocations. */
  byService: Record<string, { dynamodb: number; lambdaInvocations: number }>;
}

/**
 * A shipped order's calls without the scheduled functions' Queries, which come every 5 s locally and
 * every minute on AWS, whatever the orders: what the cost of a million orders and the capacity model
 * take an order to make.
 */
export const withoutScheduledQueries = (calls: CallsPerOrder): CallsPerOrder => ({
  ...calls,
  byService: Object.fromEntries(
    Object.entries(calls.byService).map(([service, counted]) => [
      service,
      Object.fromEntries(Object.entries(counted).filter(([label]) => label !== 'dynamodb Query')),
    ]),
  ),
});

const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value, 0) * 100) / 100;

/** What an order costs in calls, summed from the meters' labels of the services that run on AWS. */
export const callTotals = ({ byService }: Pick<CallsPerOrder, 'byService'>, awsServices: ReadonlySet<string>): CallTotals => {
  const services = Object.entries(byService).filter(([service]) => awsServices.has(service));
  const labelled = (calls: Record<string, number>, matches: (kind: string, detail: string) => boolean) =>
    sum(
      Object.entries(calls)
        .filter(([label]) => {
          const [kind = '', detail = ''] = label.split(' ');
          return matches(kind, detail);
        })
        .map(([, count]) => count),
    );
  const isDynamodb = (kind: string) => kind === 'dynamodb';
  const isPoll = (kind: string, detail: string) => isDynamodb(kind) && streamPollOperations.has(detail);
  const isInvocation = (kind: string) => kind === 'api' || kind === 'invoke';
  const dynamodb = sum(services.map(([, calls]) => labelled(calls, isDynamodb)));
  const streamPolls = sum(services.map(([, calls]) => labelled(calls, isPoll)));
  const scheduledQueries = sum(
    services.map(([, calls]) => labelled(calls, (kind, detail) => isDynamodb(kind) && detail === 'Query')),
  );
  return {
    dynamodb,
    streamPolls,
    dynamodbWithoutStreamPolls: sum([dynamodb, -streamPolls]),
    scheduledQueries,
    dynamodbOnTheOrdersPath: sum([dynamodb, -streamPolls, -scheduledQueries]),
    lambdaInvocations: sum(services.map(([, calls]) => labelled(calls, isInvocation))),
    apiRequests: sum(services.map(([, calls]) => labelled(calls, (kind) => kind === 'api'))),
    byService: Object.fromEntries(
      services.map(([service, calls]) => [
        service,
        {
          dynamodb: labelled(calls, (kind, detail) => isDynamodb(kind) && !isPoll(kind, detail)),
          lambdaInvocations: labelled(calls, isInvocation),
        },
      ]),
    ),
  };
};
