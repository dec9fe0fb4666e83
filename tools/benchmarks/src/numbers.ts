import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { createInvoiceRepository, type InvoiceRepository } from '@ecommerce/invoice/src/adapters/invoice-repository.js';
import { createInvoice } from '@ecommerce/invoice/src/functions/create-invoice/create-invoice.js';
import {
  NumberTakenError,
  retryLostNumbers,
  type RetryLostNumbers,
} from '@ecommerce/invoice/src/use-cases/issue-under-next-number.js';
import { acquireLocalCloud, localCloudEnv } from '@ecommerce/local-cloud';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import { INVOICE_CREATED } from '@ecommerce/shared-events/validators';
import { summarise, type Summary } from './load.js';
import { serviceTableInput, wholeNumberOption } from './service-table.js';
import { auditSeries, type SeriesAudit } from './series-audit.js';

// Invoices issued by many writers at once straight into DynamoDB Local, through invoice's own code
// (createInvoice and its repository): the numbering under contention, without the rest of the
// pipeline. Figures of DynamoDB Local on this machine, not of AWS: they compare designs.
Object.assign(process.env, localCloudEnv);
const resultsFile = fileURLToPath(new URL('../results/numbers.json', import.meta.url));
const log = (line: string) => console.log(`[numbers] ${line}`);

/** As long as one invocation of createInvoice may keep trying: its 10 s, less the reserve of retryBudget. */
const invocationBudgetMs = 8_000;

/**
 * Today's numbering before this change, run through the same code: one counter a year for every
 * invoice, the counter read again before each try, and at most 20 tries, back to back.
 */
const upToTwentyTries: RetryLostNumbers = async (attempt) => {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof NumberTakenError) || attemptNumber === 20) throw error;
    }
  }
};
const forgettingTheWinner = (invoices: InvoiceRepository): InvoiceRepository => ({
  ...invoices,
  issue: async (...args) => {
    const outcome = await invoices.issue(...args);
    return typeof outcome === 'object' ? { numberTaken: undefined } : outcome;
  },
});

interface Design {
  name: string;
  letters?: readonly string[];
  retry: RetryLostNumbers;
  repository?: (invoices: InvoiceRepository) => InvoiceRepository;
}

const designs: Design[] = [
  {
    name: "before: one counter a year, at most 20 tries, none waiting (today's)",
    letters: ['A'],
    retry: upToTwentyTries,
    repository: forgettingTheWinner,
  },
  {
    name: 'one counter a year, tried until won with backoff (the retry alone)',
    letters: ['A'],
    retry: retryLostNumbers(invocationBudgetMs),
  },
  { name: 'after: 26 series a year, tried until won with backoff', retry: retryLostNumbers(invocationBudgetMs) },
];

interface Outcome {
  writers: number;
  documents: number;
  issued: number;
  /** Invocations that threw: on AWS each would be retried twice, then dead-lettered. */
  failures: number;
  failureCauses: Record<string, number>;
  audit: SeriesAudit;
  /** Transactions tried per document issued. */
  attemptsPerDocument: Summary;
  /** Each document's createInvoice, from its start to its end. */
  millisecondsPerDocument: Summary;
  seconds: number;
  documentsPerSecond: number;
}

const measure = async (client: DynamoDBDocumentClient, design: Design, writers: number, documents: number): Promise<Outcome> => {
  const tableName = `invoice-numbers-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await client.send(new CreateTableCommand(serviceTableInput('invoice', 'InvoicesTable', tableName)));
  try {
    const base = createInvoiceRepository({ tableName, client });
    const attempts = new Map<string, number>();
    const counted: InvoiceRepository = {
      ...base,
      issue: (invoice, place, event) => {
        attempts.set(invoice.orderId, (attempts.get(invoice.orderId) ?? 0) + 1);
        return base.issue(invoice, place, event);
      },
    };
    const invoices = design.repository ? design.repository(counted) : counted;
    const sender = { send: async (_event: OrderEvent) => {} };
    const deps = {
      invoices,
      outbox: createOutboxRelay({ tableName, client, sender, owner: 'invoice' }),
      publisher: createEventPublisher({
        source: 'invoice',
        validators: { INVOICE_CREATED },
        topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
        sns: sender as never,
      }),
      ...(design.letters ? { letters: design.letters } : {}),
    };
    const orders = Array.from({ length: documents }, () =>
      exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() }),
    );
    const failureCauses: Record<string, number> = {};
    const durations: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < orders.length) {
          const order = orders[next++]!;
          const begun = performance.now();
          try {
            await createInvoice(deps, order, design.retry);
            durations.push(performance.now() - begun);
          } catch (error) {
            const cause = (error as Error).message.replace(/order \S+/, 'order …').replace(/\d+ attempts/, 'n attempts');
            failureCauses[cause] = (failureCauses[cause] ?? 0) + 1;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const numbers: string[] = [];
    for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
      for (const item of page.Items ?? []) if (item['sk'] === 'INVOICE') numbers.push(item['invoiceNumber'] as string);
    }
    const failures = Object.values(failureCauses).reduce((sum, count) => sum + count, 0);
    return {
      writers,
      documents,
      issued: numbers.length,
      failures,
      failureCauses,
      audit: auditSeries(numbers),
      attemptsPerDocument: summarise([...attempts.values()]),
      millisecondsPerDocument: summarise(durations),
      seconds: Math.round(seconds * 10) / 10,
      documentsPerSecond: Math.round((numbers.length / seconds) * 10) / 10,
    };
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  }
};

const table = (results: Record<string, Outcome>) =>
  [
    '| design | writers | issued of | failed | gaps | duplicates | series | attempts p50 / p99 / max | ms per document p50 / p99 | documents a second |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([name, o]) =>
        `| ${name} | ${o.writers} | ${o.issued} of ${o.documents} | ${o.failures} | ${o.audit.gaps} | ${o.audit.duplicates} | ${o.audit.series} | ${o.attemptsPerDocument.p50} / ${o.attemptsPerDocument.p99} / ${o.attemptsPerDocument.max} | ${o.millisecondsPerDocument.p50} / ${o.millisecondsPerDocument.p99} | ${o.documentsPerSecond} |`,
    ),
  ].join('\n');

const main = async () => {
  const writers = wholeNumberOption('writers', 64);
  const documents = wholeNumberOption('documents', 2_000);
  const lease = await acquireLocalCloud(log);
  // One connection per writer: the SDK's default pool of 50 sockets would queue writers behind each other.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: writers }) } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const results: Record<string, Outcome> = {};
  const report = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadavg()[0] },
    where: 'DynamoDB Local on this machine, invoice code in one process, not AWS',
    results,
  };
  try {
    // `--only after` measures only the designs whose name begins so, when comparing one change quickly.
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    for (const design of designs.filter(({ name }) => only === undefined || name.startsWith(only))) {
      log(`${design.name}: ${documents} invoices from ${writers} writers at once`);
      results[design.name] = await measure(client, design, writers, documents);
      log(JSON.stringify(results[design.name]));
      mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
      writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
    }
  } finally {
    client.destroy();
    await lease.release();
  }
  console.log(`\n${table(results)}\n`);
  log(`written to ${resultsFile}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
