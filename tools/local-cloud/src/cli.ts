import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { localCloud } from './endpoints.js';
import { metricTotals } from './metrics.js';
import { acquireLocalCloud } from './harness.js';
import { dataDirectory, describeParts, logDirectory, startLocalCloud } from './stack.js';

const usage = `usage:
  local-cloud dev              start the whole local cloud in the foreground; Ctrl-C stops it
    --persist                  keep DynamoDB Local's data (orders, invoices, the event journal, the
                               sandboxes, dead letters) and the mailbox in .local-cloud/data for
                               the next start
    --reset                    delete what --persist kept first, and so start clean
  local-cloud run -- <cmd...>  run a command against a local cloud (reused if one is running,
                               otherwise started for the command and stopped after it)
  local-cloud metrics          the metrics the functions published (embedded metric format in
                               their logs), summed as CloudWatch would`;

const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;

/** Settles on the first SIGINT or SIGTERM, and aborts `controller` then, so a start in progress unwinds. */
const interruption = (controller: AbortController) =>
  new Promise<{ reason: string; code: number }>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        controller.abort();
        resolve({ reason: `received ${signal}`, code: 0 });
      });
    }
  });

const devFlags = ['--persist', '--reset'];

const dev = async (flags: string[]): Promise<number> => {
  const unknown = flags.filter((flag) => !devFlags.includes(flag));
  if (unknown.length > 0) throw new Error(`local-cloud dev does not take ${unknown.join(' ')}\n${usage}`);
  const persist = flags.includes('--persist');
  if (flags.includes('--reset')) {
    rmSync(dataDirectory, { recursive: true, force: true });
    console.log(`local-cloud   | deleted ${dataDirectory}`);
  }
  const started = Date.now();
  const controller = new AbortController();
  const interrupted = interruption(controller);
  const cloud = await startLocalCloud({
    output: { kind: 'prefix', dir: logDirectory },
    log: (line) => console.log(`local-cloud   | ${line}`),
    signal: controller.signal,
    persist: persist ? dataDirectory : undefined,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      bold(`The local cloud is up (${seconds} s), stage "${localCloud.stage}", region ${localCloud.region}:`),
      persist
        ? `  Data kept in ${dataDirectory} for the next start (pnpm dev --reset deletes it)`
        : '  Data in memory: gone when it stops (pnpm dev --persist keeps it)',
      ...describeParts().map((part) => `  ${part.name.padEnd(14)} ${part.describe}`),
      '',
      `  Sign in: curl -s ${localCloud.issuer.url}/token -d grant_type=password -d username=<customerId> -d password=x`,
      '           (add -d groups=operators for an operator, -d email=<address> for where their mail goes),',
      '           then send the access_token as "Authorization: Bearer <token>"',
      `  Console: ${bold(localCloud.console.url)}   (orders, events, the saga, dead letters; place test orders)`,
      `  Mailbox: ${bold(localCloud.ses.url)}   (every email the services send)`,
      `  Events:  ${bold('http://127.0.0.1:3090/events')}   (every event on the topic; pnpm dead-letters for the failed ones)`,
      "  A service's process that dies is started again (its invocations are retried); DynamoDB Local's,",
      "  the SNS hub's or the gateway's death stops everything. Press Ctrl-C to stop everything.",
      '',
    ].join('\n'),
  );
  const outcome = await Promise.race([cloud.firstExit.then((reason) => ({ reason, code: 1 })), interrupted]);
  console.log(`\nlocal-cloud: ${outcome.reason}; stopping everything...`);
  await cloud.stop();
  console.log('local-cloud: stopped');
  return outcome.code;
};

const run = async (command: string[]): Promise<number> => {
  if (command.length === 0) throw new Error(usage);
  const lease = await acquireLocalCloud();
  try {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', shell: false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        console.error(`local-cloud: could not run ${command[0]}: ${error.message}`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } finally {
    await lease.release();
  }
};

const metrics = (): number => {
  const totals = metricTotals();
  if (totals.length === 0) {
    console.log(`no metrics yet in ${logDirectory}: place an order (README, "Place an order with curl")`);
    return 0;
  }
  const rows = totals.map(({ namespace, service, name, dimensions, total }) => [
    namespace,
    service,
    [name, ...Object.entries(dimensions).map(([key, value]) => `${key}=${value}`)].join(' '),
    String(total),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell)).join('  '));
  return 0;
};

const main = async (): Promise<number> => {
  const [verb, ...rest] = process.argv.slice(2);
  if (verb === 'dev') return dev(rest);
  if (verb === 'metrics') return metrics();
  if (verb === 'run') return run(rest[0] === '--' ? rest.slice(1) : rest);
  console.error(usage);
  return 2;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`local-cloud: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
