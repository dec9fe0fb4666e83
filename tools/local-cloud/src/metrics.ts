import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logDirectory } from './stack.js';

/** One metric summed over every embedded-metric line the local cloud's functions wrote. */
export interface MetricTotal {
  namespace: string;
  name: string;
  /** Its dimensions other than the service, such as an OrderFailed's reason. */
  dimensions: Record<string, string>;
  service: string;
  total: number;
}

interface EmfLine {
  _aws?: { CloudWatchMetrics?: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
  [key: string]: unknown;
}

/** The JSON objects of a log, one a line; lines of the processes' own (not JSON) are skipped. */
export const jsonLines = (text: string): Array<Record<string, unknown>> =>
  text.split('\n').flatMap((line) => {
    const start = line.indexOf('{');
    if (start < 0) return [];
    try {
      const value = JSON.parse(line.slice(start)) as unknown;
      return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

/**
 * What CloudWatch would make of the embedded-metric lines in the local cloud's logs: each metric,
 * per namespace, service and dimensions, summed.
 */
export const metricTotals = (directory: string = logDirectory): MetricTotal[] => {
  const totals = new Map<string, MetricTotal>();
  const files = existsSync(directory) ? readdirSync(directory).filter((file) => file.endsWith('.log')) : [];
  for (const file of files) {
    for (const line of jsonLines(readFileSync(join(directory, file), 'utf8')) as EmfLine[]) {
      for (const directive of line._aws?.CloudWatchMetrics ?? []) {
        const names = [...new Set(directive.Dimensions.flat())];
        const dimensions = Object.fromEntries(
          names.filter((name) => name !== 'service').map((name) => [name, String(line[name])]),
        );
        for (const { Name } of directive.Metrics) {
          const value = line[Name];
          const values = Array.isArray(value) ? (value as number[]) : [value as number];
          const service = String(line['service']);
          const key = JSON.stringify([directive.Namespace, service, Name, dimensions]);
          const total = totals.get(key) ?? { namespace: directive.Namespace, name: Name, dimensions, service, total: 0 };
          total.total += values.reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
          totals.set(key, total);
        }
      }
    }
  }
  return [...totals.values()].sort((a, b) => a.name.localeCompare(b.name) || a.service.localeCompare(b.service));
};
