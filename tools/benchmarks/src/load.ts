import autocannon from 'autocannon';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles of samples in milliseconds, to a tenth. */
/**
 * Percentiles by nearest rank: the pth is the smallest sample that p % of them do not exceed. So
 * among 100 samples p99 is the 99th, not the largest; among fewer than 100 it is the largest.
 */
export const summarise = (samples: number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0 ? 0 : Math.round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! * 10) / 10;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
};

export interface LoadResult {
  latency: Summary;
  requestsPerSecond: number;
  byStatus: Record<string, number>;
  /** Transport errors and timeouts: requests that got no answer at all. */
  errors: number;
  seconds: number;
  /** The bodies of the answers, for the caller to read what was created. */
  bodies: string[];
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  /** Stop after this many requests... */
  amount?: number;
  /** ...or after this many seconds. */
  duration?: number;
  /** Requests a second across all connections; as fast as answers come if unset. */
  overallRate?: number;
  /**
   * How the requests of `overallRate` arrive. autocannon gives each connection a one-second timer,
   * and starts them all together: 5 a second from 5 connections is 5 at once at the start of every
   * second ('bunched', autocannon's own way). 'paced' spreads them evenly, as a steady stream of
   * customers would: one connection per request a second, each started 1/overallRate s after the
   * one before, so at 5 a second one request arrives every 200 ms. Needs as many connections as
   * requests a second, and `duration`, not `amount`. Each connection still waits for its answer
   * before its next request (autocannon has no open-loop mode): an answer slower than a second
   * delays that connection's next one.
   */
  arrivals?: 'bunched' | 'paced';
}

type Shape = Pick<LoadOptions, 'connections' | 'amount' | 'duration' | 'overallRate'>;

/** The autocannon instances that make up a load, each with when it starts. */
export const arrivalPlan = ({
  arrivals = 'bunched',
  ...shape
}: Shape & Pick<LoadOptions, 'arrivals'>): Array<Shape & { startAfterMs: number }> => {
  if (arrivals === 'bunched') return [{ ...shape, startAfterMs: 0 }];
  const { overallRate, duration } = shape;
  if (
    !overallRate ||
    !Number.isInteger(overallRate) ||
    shape.connections !== overallRate ||
    !duration ||
    shape.amount !== undefined
  ) {
    throw new Error('paced arrivals need a whole overallRate, as many connections, and a duration (not an amount)');
  }
  return Array.from({ length: overallRate }, (_, index) => ({
    connections: 1,
    overallRate: 1,
    duration,
    startAfterMs: (index * 1000) / overallRate,
  }));
};

/**
 * Drives one endpoint with autocannon and keeps every request's latency and status, so that the
 * figures are p50/p95/p99 of all requests, not of autocannon's per-second buckets.
 */
export const load = async (
  { url, method = 'GET', body, headers = {}, ...shape }: LoadOptions,
  { sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) } = {},
): Promise<LoadResult> => {
  const samples: number[] = [];
  const byStatus: Record<string, number> = {};
  const bodies: string[] = [];
  const drive = async ({ startAfterMs, ...instanceShape }: Shape & { startAfterMs: number }) => {
    await sleep(startAfterMs);
    let finished: (result: autocannon.Result) => void = () => {};
    let failed: (error: Error) => void = () => {};
    const outcome = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
    const instance = autocannon(
      {
        url,
        ...instanceShape,
        // An answer slower than this counts as an error, not as a latency.
        timeout: 30,
        requests: [
          {
            method,
            ...(body === undefined ? {} : { body }),
            headers: { 'content-type': 'application/json', ...headers },
            onResponse: (status: number, responseBody: string) => {
              byStatus[status] = (byStatus[status] ?? 0) + 1;
              bodies.push(responseBody);
            },
          },
        ],
      },
      (error, result) => (error ? failed(error) : finished(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
    return outcome;
  };
  const started = performance.now();
  const results = await Promise.all(arrivalPlan(shape).map(drive));
  const seconds = (performance.now() - started) / 1000;
  return {
    latency: summarise(samples),
    requestsPerSecond: Math.round((samples.length / seconds) * 10) / 10,
    byStatus,
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
    seconds: Math.round(seconds * 10) / 10,
    bodies,
  };
};
