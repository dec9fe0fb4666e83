import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { seriesLetters } from '@ecommerce/invoice/src/domain/numbering.js';
import { waitingShards } from '@ecommerce/orders/src/adapters/order-repository.js';
import { pendingShards } from '@ecommerce/outbox';
import { parse } from 'yaml';
import { withoutScheduledQueries, type CallsPerOrder } from './calls.js';
import { capacityModel, type CapacityModel } from './capacity-model.js';

// Where AWS stops the pipeline, from the calls per order of the latest committed `pnpm bench` run
// and the documented limits of aws-limits.ts. Arithmetic, not a measurement: nothing here has run on AWS.
const resultsFile = fileURLToPath(new URL('../results/capacity.json', import.meta.url));
const benchFile = fileURLToPath(new URL('../results/latest.json', import.meta.url));
const callsKey = 'calls per order (one at a time, per service)';

const bench = JSON.parse(readFileSync(benchFile, 'utf8')) as Record<string, unknown>;
const calls = bench[callsKey] as CallsPerOrder | undefined;
if (!calls?.byService) throw new Error(`${benchFile} has no "${callsKey}": run pnpm bench first`);
const common = parse(readFileSync(fileURLToPath(new URL('../../../serverless.common.yml', import.meta.url)), 'utf8')) as {
  apiThrottling: { prod: { rateLimit: number } };
};

// The scheduled functions' Queries come with time, not with orders (see withoutScheduledQueries).
const model = capacityModel(withoutScheduledQueries(calls), {
  invoiceSeries: seriesLetters.length,
  pendingShards,
  waitingShards,
  stageRateLimit: common.apiThrottling.prod.rateLimit,
});

const figure = (value: number) => (Number.isFinite(value) ? value.toLocaleString('en-US') : '–');
const table = ({ limits }: CapacityModel) =>
  [
    '| resource | limit | what one order a second takes of it | binds at, orders a second | raised by |',
    '|---|---|---|---|---|',
    ...[...limits]
      .sort((a, b) => a.ordersPerSecond - b.ordersPerSecond)
      .map(
        (limit) =>
          `| ${limit.resource} | ${figure(limit.limit)} ${limit.unit} | ${figure(limit.perOrder)} | ${figure(limit.ordersPerSecond)}${limit.ramp ? ' added every 10 s' : ''} | ${limit.ramp ? 'no: a ramp' : limit.raisable ? limit.raisedBy : `no: ${limit.raisedBy}`} |`,
      ),
  ].join('\n');
const asks = ({ asks: byTarget }: CapacityModel) =>
  Object.entries(byTarget)
    .map(
      ([target, needed]) =>
        `- at ${figure(Number(target))} orders a second: ${
          needed.length === 0
            ? 'nothing'
            : needed
                .map(
                  (ask) => `${ask.resource} to ${figure(ask.needed)} ${ask.unit} (${ask.raisedBy}; today ${figure(ask.today)})`,
                )
                .join('; ')
        }`,
    )
    .join('\n');

console.log(
  `\nCalls per order from ${benchFile} (${String(bench['measuredAt'])}), limits of AWS as read on the pages in aws-limits.ts.\n`,
);
console.log(table(model));
console.log(
  `\nFirst limit: ${model.firstLimit.resource}, at ${figure(model.firstLimit.ordersPerSecond)} orders a second (${model.firstLimit.raisedBy}).`,
);
console.log(
  `First limit no quota request raises: ${model.firstUnraisable.resource}, at ${figure(model.firstUnraisable.ordersPerSecond)} orders a second.\n`,
);
console.log(asks(model));
writeFileSync(resultsFile, `${JSON.stringify({ benchMeasuredAt: bench['measuredAt'], ...model }, null, 2)}\n`);
console.log(`\n[capacity] written to ${resultsFile}`);
