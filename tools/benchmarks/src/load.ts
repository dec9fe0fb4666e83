import autocannon from 'autocannon';

export interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles of samples in milliseconds, to a tenth. */
export const summarise = (samples: number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
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
}

/**
 * Drives one endpoint with autocannon and keeps every request's latency and status, so that the
 * figures are p50/p95/p99 of all requests, not of autocannon's per-second buckets.
 */
export const load = async ({ url, method = 'GET', body, headers = {}, ...shape }: LoadOptions): Promise<LoadResult> => {
  const samples: number[] = [];
  const byStatus: Record<string, number> = {};
  const bodies: string[] = [];
  const started = performance.now();
  let finished: (result: autocannon.Result) => void = () => {};
  let failed: (error: Error) => void = () => {};
  const outcome = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const instance = autocannon(
    {
      url,
      ...shape,
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
  const result = await outcome;
  const seconds = (performance.now() - started) / 1000;
  return {
    latency: summarise(samples),
    requestsPerSecond: Math.round((samples.length / seconds) * 10) / 10,
    byStatus,
    errors: result.errors + result.timeouts,
    seconds: Math.round(seconds * 10) / 10,
    bodies,
  };
};
