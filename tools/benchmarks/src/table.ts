/** docs/performance.md's table of a run of `pnpm bench`, from results/latest.json. */
type Figures = Record<string, unknown>;

const cpu = (value: unknown) => (typeof value === 'number' ? value.toFixed(2) : '–');
const ms = (value: unknown) => (typeof value === 'number' ? value.toLocaleString('en-GB', { maximumFractionDigits: 1 }) : '–');

export const markdownTable = (results: Figures): string => {
  const rows: string[] = [
    '| what | p50 ms | p95 ms | p99 ms | a second | answers | until every order ended | dead letters | CPU s per order |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, value] of Object.entries(results)) {
    if (!value || typeof value !== 'object') continue;
    const figures = value as Figures;
    const latency = (figures['latency'] ?? figures['post']) as Figures | undefined;
    if (!latency) continue;
    const statuses = (figures['byStatus'] ?? {}) as Record<string, number>;
    const ended =
      'secondsUntilEveryOrderFinal' in figures
        ? `${ms(figures['secondsUntilEveryOrderFinal'])} s (created → final p99 ${ms((figures['createdToFinal'] as Figures)['p99'])} ms)`
        : figures['untilFinal']
          ? `each: p50 ${ms((figures['untilFinal'] as Figures)['p50'])} ms, p99 ${ms((figures['untilFinal'] as Figures)['p99'])} ms`
          : 'ordersNotFinal' in figures
            ? `${figures['ordersNotFinal']} never ended`
            : '';
    rows.push(
      `| ${name} | ${ms(latency['p50'])} | ${ms(latency['p95'])} | ${ms(latency['p99'])} | ${ms(figures['requestsPerSecond'] ?? figures['ordersPerSecond'])} | ${Object.entries(
        statuses,
      )
        .map(([status, count]) => `${status}: ${count}`)
        .join(', ')} | ${ended} | ${figures['deadLetters'] ?? ''} | ${cpu(figures['localCloudCpuSecondsPerOrder'])} |`,
    );
  }
  return rows.join('\n');
};
