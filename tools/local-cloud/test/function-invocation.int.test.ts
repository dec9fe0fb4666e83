import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { deadLetterTable } from '../subscriptions.mjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listDeadLetters } from '../src/dead-letters.js';
import type { ManagedProcess } from '../src/processes.js';
import { startOfflineService } from '../src/stack.js';

// A service of its own (test/fixtures/asynchronous-invocation), run by serverless-offline exactly
// as the local cloud runs every service, whose functions misbehave on demand.
const fixtureDir = fileURLToPath(new URL('./fixtures/asynchronous-invocation/', import.meta.url));
const serverlessCli = fileURLToPath(new URL('../node_modules/.bin/sls', import.meta.url));
const runsFile = join(mkdtempSync(join(tmpdir(), 'local-cloud-fixture-')), 'runs.jsonl');
const functionName = (name: string) => `local-cloud-fixture-local-${name}`;

/** The runs a fixture function noted in `file` (one JSON line each) that `keep` selects, once there are `count`. */
const notedRuns = <T>(what: string, file: string, count: number, keep: (run: T) => boolean = () => true) =>
  vi.waitFor(
    () => {
      const runs = existsSync(file)
        ? readFileSync(file, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line) as T)
            .filter(keep)
        : [];
      expect(runs.length, what).toBeGreaterThanOrEqual(count);
      return runs;
    },
    { timeout: 30_000, interval: 100 },
  );

const sns = new SNSClient({});
let topicArn: string;
let fixture: ManagedProcess;

const publish = async (fn: string, message: object): Promise<string> => {
  const { MessageId } = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(message),
      MessageAttributes: { function: { DataType: 'String', StringValue: fn } },
    }),
  );
  return MessageId!;
};

beforeAll(async () => {
  fixture = await startOfflineService({
    name: 'local-cloud-fixture',
    dir: fixtureDir,
    serverlessCli,
    ports: [3199, 4199],
    env: { FIXTURE_RUNS_FILE: runsFile },
  });
  ({ TopicArn: topicArn } = (await sns.send(new CreateTopicCommand({ Name: 'local-cloud-fixture-local' }))) as {
    TopicArn: string;
  });
}, 120_000);

afterAll(async () => {
  await fixture?.stop();
  // Created anew at the next start, so that its stream is read from its beginning again.
  await new DynamoDBClient({}).send(new DeleteTableCommand({ TableName: 'local-cloud-fixture-local' })).catch(() => undefined);
  // The fixture's dead letters would otherwise show in `pnpm dead-letters` of a developer's cloud.
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  for (const letter of await listDeadLetters()) {
    if (letter.service === 'local-cloud-fixture') {
      await dynamodb.send(new DeleteCommand({ TableName: deadLetterTable, Key: { pk: letter.pk } }));
    }
  }
});

describe("the local cloud's asynchronous invocation", () => {
  it.each([
    ['a DOMException', 'DOMException', 'The operation was aborted due to timeout'],
    ['a string', 'string', 'a string, thrown'],
    ['a plain object', 'object', 'a plain object, thrown'],
    ['null', 'null', 'null'],
  ])('takes a handler that throws %s for a failure: retried twice, then dead-lettered', async (_, kind, cause) => {
    const messageId = await publish('throwWhatIsAsked', { kind });

    const letter = await vi.waitFor(
      async () => {
        const found = (await listDeadLetters()).find(
          (candidate) => candidate.pk === `${functionName('throwWhatIsAsked')}#${messageId}`,
        );
        expect(found, `the ${kind} delivery in the dead-letter store`).toBeDefined();
        return found!;
      },
      { timeout: 30_000, interval: 100 },
    );

    expect(letter.attempts).toBe(3);
    expect(letter.error).toContain(cause);
  });

  it('runs a function with reservedConcurrency 1 one invocation at a time, and drops none', async () => {
    const burst = 8;

    for (let sequence = 0; sequence < burst; sequence += 1) await publish('oneAtATime', { sequence, burst: randomUUID() });

    const runs = await notedRuns<{ sequence: number; startedAt: number; endedAt: number }>(
      `${burst} runs of oneAtATime`,
      runsFile,
      burst,
    );
    // SNS promises no order of delivery, locally neither; the queue keeps the order of arrival (unit tests).
    expect(runs.map((run) => run.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: burst }, (_, sequence) => sequence),
    );
    const byStart = [...runs].sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < byStart.length; i += 1) expect(byStart[i]!.startedAt).toBeGreaterThanOrEqual(byStart[i - 1]!.endedAt);
  });

  it('gives invocations that run at once each its own context, as Lambda does with AWS_LAMBDA_MAX_CONCURRENCY', async () => {
    const burst = 4;

    for (let sequence = 0; sequence < burst; sequence += 1) await publish('ownContext', { sequence });

    const runs = await notedRuns<{
      sequence: number;
      seen: number | null;
      requestId: string | null;
      startedAt: number;
      endedAt: number;
    }>(`${burst} runs of ownContext`, `${runsFile}.context`, burst);
    // They did run at once: otherwise sharing one context could not show.
    const byStart = [...runs].sort((a, b) => a.startedAt - b.startedAt);
    expect(byStart[1]!.startedAt).toBeLessThan(byStart[0]!.endedAt);
    for (const run of runs) expect(run.seen).toBe(run.sequence);
    expect(new Set(runs.map((run) => run.requestId)).size).toBe(burst);
  });
});

describe("the local cloud's DynamoDB stream event source", () => {
  const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const put = (Item: Record<string, unknown>) => dynamodb.send(new PutCommand({ TableName: 'local-cloud-fixture-local', Item }));
  const streamRuns = (prefix: string, count: number) =>
    notedRuns<{ pk: string; eventName: string; batchSize: number }>(
      `${count} stream records under ${prefix}`,
      `${runsFile}.stream`,
      count,
      (run) => run.pk.startsWith(prefix),
    );

  it("hands the function the table's inserts in order, at most batchSize at a time, and none that its filter keeps out", async () => {
    const run = `STREAM#${randomUUID()}`;

    await put({ pk: `OTHER#${run}` });
    for (let sequence = 0; sequence < 12; sequence += 1) await put({ pk: `${run}#${sequence}` });
    await dynamodb.send(
      new UpdateCommand({
        TableName: 'local-cloud-fixture-local',
        Key: { pk: `${run}#0` },
        UpdateExpression: 'SET changed = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    await put({ pk: `${run}#last` });

    const runs = await streamRuns(run, 13);
    expect(runs.map((noted) => noted.pk)).toEqual([
      ...Array.from({ length: 12 }, (_, sequence) => `${run}#${sequence}`),
      `${run}#last`,
    ]);
    expect(runs.every((noted) => noted.eventName === 'INSERT' && noted.batchSize <= 5)).toBe(true);
  });

  it('retries a batch from the record the function reported failed, then dead-letters it, and the shard moves on', async () => {
    const run = `STREAM#${randomUUID()}`;

    await put({ pk: `${run}#before` });
    await put({ pk: `${run}#poison`, fail: true });
    await put({ pk: `${run}#after` });

    const letter = await vi.waitFor(
      async () => {
        const found = (await listDeadLetters()).find(
          (candidate) => candidate.function === 'recordStream' && JSON.stringify(candidate.event).includes(`${run}#poison`),
        );
        expect(found, 'the failed stream record in the dead-letter store').toBeDefined();
        return found!;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(letter.attempts).toBe(3);
    expect(letter.error).toContain('failed item');
    expect((letter.event as { Records: unknown[] }).Records).toHaveLength(1);
    const runs = await streamRuns(run, 2);
    expect(runs.map((noted) => noted.pk)).toEqual([`${run}#before`, `${run}#after`]);
  });
});
