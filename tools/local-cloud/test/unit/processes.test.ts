import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { isPortOpen, waitForEndpoint } from '../../ports.mjs';
import { startProcess, waitForPorts } from '../../src/processes.js';

const output = () => ({ kind: 'files' as const, dir: mkdtempSync(join(tmpdir(), 'local-cloud-logs-')) });
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startProcess', () => {
  it('stops the whole process group, children included', async () => {
    const proc = startProcess({
      name: 'sleeper',
      command: 'sh',
      args: ['-c', 'sleep 60 & echo $! ; wait'],
      cwd: tmpdir(),
      env: process.env,
      output: output(),
    });
    // Into files, the process writes its log itself.
    const grandchildPid = () => Number(readFileSync(proc.logFile, 'utf8').trim());
    await expect
      .poll(grandchildPid, { timeout: 15_000, interval: 100, message: 'the grandchild to be started' })
      .toBeGreaterThan(0);
    const grandchild = grandchildPid();

    await proc.stop();

    expect(await proc.exited).toMatch(/killed by SIGTERM|exited/);
    // A killed process lingers as a zombie until its new parent reaps it.
    await expect
      .poll(() => isAlive(grandchild), { timeout: 5_000, interval: 100, message: 'the grandchild to be gone' })
      .toBe(false);
  });
});

describe('waitForPorts', () => {
  it('fails at once when the process dies before it listens, with the end of its log', async () => {
    const proc = startProcess({
      name: 'crasher',
      command: 'sh',
      args: ['-c', 'echo "boom: missing configuration" >&2; exit 3'],
      cwd: tmpdir(),
      env: process.env,
      output: output(),
    });

    await expect(waitForPorts(proc, [59_999], 30_000)).rejects.toThrow(
      /crasher exited with code 3 before it was ready[\s\S]*boom: missing configuration/,
    );
  });

  it('fails after the deadline when nothing listens', async () => {
    const proc = startProcess({ name: 'idle', command: 'sleep', args: ['5'], cwd: tmpdir(), env: process.env, output: output() });

    await expect(waitForPorts(proc, [59_998], 300)).rejects.toThrow('idle was not listening on port 59998 after 0.3 s');
    await proc.stop();
  });
});

describe('isPortOpen', () => {
  it('is false for a port nobody listens on', async () => {
    expect(await isPortOpen(59_997)).toBe(false);
  });
});

describe('waitForEndpoint', () => {
  it('returns once something starts listening on the endpoint', async () => {
    const server = createServer();
    const listening = new Promise<void>((resolve) => setTimeout(() => server.listen(59_996, '127.0.0.1', resolve), 300));

    await waitForEndpoint('http://127.0.0.1:59996', { timeoutMs: 10_000, what: 'the late server' });

    await listening;
    expect(await isPortOpen(59_996)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });

  it('names the endpoint it gave up on', async () => {
    await expect(waitForEndpoint('http://127.0.0.1:59995', { timeoutMs: 200, what: 'DynamoDB Local' })).rejects.toThrow(
      'DynamoDB Local did not answer at http://127.0.0.1:59995 within 0.2 s',
    );
  });
});
