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
