import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { acquireLocalCloud, localCloudEnv } from '@ecommerce/local-cloud';
import { createOutboxRelay, createOutboxStreamHandler, outboxEntry } from '@ecommerce/outbox';
import { createEventSender, exampleEvent } from '@ecommerce/shared-events';
import { summarise } from './load.js';
import { serviceTableInput, wholeNumberOption } from './service-table.js';

// The outbox's stream relay on a batch of the size orders' event source mapping hands it (100
// entries, 2 events of each of 50 orders), through the real relay: DynamoDB Local deletes what it
// sent, the local SNS hub takes each publish (on a topic of this run's own, which nobody
// subscribes to). One partition at a time (the relay as it was) beside orders side by side, in
// alternating runs: the first is the baseline of the second, measured in the same run.
Object.assign(process.env, localCloudEnv);
const resultsFile = fileURLToPath(new URL('../results/relay.json', import.meta.url));
const log = (line: string) => console.log(`[relay] ${line}`);
const runs = wholeNumberOption('runs', 7);
const orders = 50;
const eventsPerOrder = 2;
const sideBySide = 10;

type StreamRecord = Parameters<ReturnType<typeof createOutboxStreamHandler>>[0]['Records'][number];

const lease = await acquireLocalCloud(log);
const tableName = `relay-bench-${randomUUID()}`;
const dynamodb = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamodb);
try {
  // Orders' table: its relay is the one that runs from the stream.
  await dynamodb.send(new CreateTableCommand(serviceTableInput('orders', 'OrdersTable', tableName)));
  const { TopicArn } = await new SNSClient({}).send(new CreateTopicCommand({ Name: `relay-bench-${randomUUID()}` }));
  const relay = createOutboxRelay({
    tableName,
    client: documents,
    sender: createEventSender({ topicArn: TopicArn! }),
    owner: 'orders',
  });

  /** A batch as the stream holds it: each order's events in the order they were stored, orders interleaved. */
  const storedBatch = async (): Promise<StreamRecord[]> => {
    const records: StreamRecord[] = [];
    const orderIds = Array.from({ length: orders }, () => randomUUID());
    for (let nth = 0; nth < eventsPerOrder; nth += 1) {
      for (const orderId of orderIds) {
        const event = exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId, time: new Date().toISOString() });
        const entry = outboxEntry(tableName, `ORDER#${orderId}`, event);
        await documents.send(new TransactWriteCommand({ TransactItems: [entry] }));
        const item = entry.Put!.Item!;
        records.push({
          eventName: 'INSERT',
          eventID: randomUUID(),
          dynamodb: {
            SequenceNumber: String(records.length + 1),
            Keys: marshall({ pk: item['pk'], sk: item['sk'] }) as never,
            NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          },
        });
      }
    }
    return records;
  };

  const timings: Record<'onePartitionAtATime' | 'ordersSideBySide', number[]> = { onePartitionAtATime: [], ordersSideBySide: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const [name, concurrency] of [
      ['onePartitionAtATime', 1],
      ['ordersSideBySide', sideBySide],
    ] as const) {
      const Records = await storedBatch();
      const started = performance.now();
      const { batchItemFailures } = await createOutboxStreamHandler({ relay, concurrency })({ Records });
      const ms = performance.now() - started;
      if (batchItemFailures.length > 0) throw new Error(`the relay could not send ${batchItemFailures.length} entries`);
      timings[name].push(Math.round(ms * 10) / 10);
    }
  }
  const figures = Object.fromEntries(Object.entries(timings).map(([name, samples]) => [name, summarise(samples)]));
  const ratio = Math.round((figures['onePartitionAtATime']!.p50 / figures['ordersSideBySide']!.p50) * 100) / 100;
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version, loadAverageAtStart: Math.round(loadavg()[0]! * 100) / 100 },
    batch: { entries: orders * eventsPerOrder, orders, sideBySide },
    runs,
    unit: 'ms a batch',
    ...figures,
    fasterBy: ratio,
  };
  log(JSON.stringify(result, null, 2));
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  log(`written to ${resultsFile}`);
} finally {
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  await lease.release();
}
