import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportFigure } from '../src/figures.js';
import type { ManagedProcess } from '../src/processes.js';
import { startOfflineService } from '../src/stack.js';

// A service of its own (test/fixtures/reload), bundled and run exactly as the local cloud runs every
// service. Its source is changed while it runs and put back after.
const fixtureDir = fileURLToPath(new URL('./fixtures/reload/', import.meta.url));
const versionFile = join(fixtureDir, 'src', 'version.ts');
const originalVersion = readFileSync(versionFile, 'utf8');
const serverlessCli = fileURLToPath(new URL('../node_modules/.bin/sls', import.meta.url));
const lambdaPort = 3198;
const tableName = 'local-cloud-reload-fixture-local';
const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
let fixture: ManagedProcess;

const readItem = async (pk: string): Promise<{ version: number; item: unknown }> => {
  const response = await fetch(
    `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/local-cloud-reload-fixture-local-readItem/invocations`,
    { method: 'POST', body: JSON.stringify({ pk }) },
  );
  return (await response.json()) as { version: number; item: unknown };
};

const setVersion = (source: string) => writeFileSync(versionFile, source);

/** The answer of the code once it says `version`, and how long after `since` it first did. */
const answerOfVersion = async (pk: string, version: number, since: number) => {
  const answer = await vi.waitFor(
    async () => {
      const answered = await readItem(pk);
      expect(answered.version, `version ${version} to answer`).toBe(version);
      return answered;
    },
    { timeout: 15_000, interval: 100 },
  );
  return { answer, seconds: (performance.now() - since) / 1000 };
};

beforeAll(async () => {
  fixture = await startOfflineService({
    name: 'local-cloud-reload-fixture',
    dir: fixtureDir,
    serverlessCli,
    ports: [lambdaPort],
  });
}, 120_000);

afterAll(async () => {
  setVersion(originalVersion);
  await fixture?.stop();
  await dynamodb.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
});

describe('a change to a running service source', () => {
  it('runs at the next invocation, in the same process, with the data kept', async () => {
    const pk = randomUUID();
    await dynamodb.send(new PutCommand({ TableName: tableName, Item: { pk, note: 'written before the change' } }));
    expect(await readItem(pk)).toEqual({ version: 1, item: { pk, note: 'written before the change' } });
    const pid = fixture.child.pid;

    const changed = performance.now();
    setVersion(originalVersion.replace('version: number = 1', 'version: number = 2'));
    const { answer, seconds } = await answerOfVersion(pk, 2, changed);

    expect(answer).toEqual({ version: 2, item: { pk, note: 'written before the change' } });
    expect(fixture.child.pid).toBe(pid);
    expect(fixture.child.exitCode).toBeNull();
    expect(readFileSync(fixture.logFile, 'utf8')).toMatch(/reloaded local-cloud-reload-fixture \(src\/version\.ts changed\) in/);
    reportFigure('reload after a change (local)', { seconds: seconds.toFixed(2) });
  });

  it('that does not build leaves the last build running, and says why', async () => {
    const pk = randomUUID();
    setVersion(originalVersion.replace('version: number = 1', 'version: number = 3'));
    await answerOfVersion(pk, 3, performance.now());

    setVersion('export const version: number = ;\n');
    const log = await vi.waitFor(
      () => {
        const text = readFileSync(fixture.logFile, 'utf8');
        expect(text, 'the failed rebuild to be reported').toMatch(
          /local-cloud-reload-fixture not reloaded after src\/version\.ts changed, it runs its last build/,
        );
        return text;
      },
      { timeout: 15_000, interval: 100 },
    );

    expect(log).toMatch(/src\/version\.ts:1:\d+: ERROR/);
    expect(await readItem(pk)).toEqual({ version: 3, item: null });
  });
});
