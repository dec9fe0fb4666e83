import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startProcess } from '../../src/processes.js';
import { maxRestartDelayMs, restartDelayMs, restartWindowMs, supervise, type SuperviseOptions } from '../../src/supervision.js';

describe('the delay before a part that died is started again', () => {
  const now = 1_000_000;

  it('is none for the first death in a minute', () => {
    expect(restartDelayMs([now], now)).toBe(0);
    expect(restartDelayMs([now - restartWindowMs - 1, now], now)).toBe(0);
  });

  it('doubles from 1 s with each further death within a minute', () => {
    expect(restartDelayMs([now - 3_000, now], now)).toBe(1_000);
    expect(restartDelayMs([now - 3_000, now - 2_000, now], now)).toBe(2_000);
    expect(restartDelayMs([now - 3_000, now - 2_000, now - 1_000, now], now)).toBe(4_000);
  });

  it('never exceeds 30 s, however often it dies', () => {
    const deaths = Array.from({ length: 40 }, (_, index) => now - index * 100);

    expect(restartDelayMs(deaths, now)).toBe(maxRestartDelayMs);
  });
});

const dir = () => mkdtempSync(join(tmpdir(), 'local-cloud-supervision-'));

/** A supervised `sleep`, whose log records every start; `lines` are what the supervisor said. */
const supervisedSleeper = (options: Partial<SuperviseOptions> = {}) => {
  const logs = dir();
  const lines: string[] = [];
  const fatal: string[] = [];
  let restarts = 0;
  const part = supervise({
    name: 'sleeper',
    start: (restart) =>
      startProcess({
        name: 'sleeper',
        command: 'sh',
        args: ['-c', 'echo started; exec sleep 60'],
        cwd: tmpdir(),
        env: process.env,
        output: { kind: 'files', dir: logs },
        append: restart,
      }),
    whenReady: async () => {},
    log: (line) => lines.push(line),
    onFatal: (message) => fatal.push(message),
    onRestart: () => (restarts += 1),
    ...options,
  });
  return { part, lines, fatal, restarts: () => restarts, log: () => readFileSync(join(logs, 'sleeper.log'), 'utf8') };
};

describe('a supervised part of the local cloud', () => {
  it('that dies once it was ready is started again at once, says so, and keeps the log of the one that died', async () => {
    const sleeper = supervisedSleeper();
    sleeper.part.started();
    const first = sleeper.part.current;
    await expect.poll(() => sleeper.log(), { timeout: 15_000 }).toContain('started');

    first.child.kill('SIGKILL');
    const second = await vi.waitFor(
      () => {
        expect(sleeper.part.current).not.toBe(first);
        return sleeper.part.current;
      },
      { timeout: 15_000 },
    );

    expect(second.child.pid).not.toBe(first.child.pid);
    expect(sleeper.restarts()).toBe(1);
    expect(sleeper.lines[0]).toMatch(/^sleeper killed by SIGKILL; starting it again: /);
    await expect.poll(() => sleeper.log().match(/started/g)?.length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => sleeper.lines, { timeout: 15_000 }).toContainEqual(expect.stringMatching(/sleeper is up again/));
    await sleeper.part.stop();
    expect(sleeper.part.current).toBe(second);
  });

  it('that dies before it was ready is left to whoever waits for it: not started again', async () => {
    const sleeper = supervisedSleeper();
    const first = sleeper.part.current;

    first.child.kill('SIGKILL');
    await first.exited;
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(sleeper.part.current).toBe(first);
    expect(sleeper.restarts()).toBe(0);
  });

  it('that the local cloud cannot run without is reported, never started again', async () => {
    const sleeper = supervisedSleeper({ critical: 'DynamoDB Local' });
    sleeper.part.started();
    const first = sleeper.part.current;

    first.child.kill('SIGKILL');
    await expect.poll(() => sleeper.fatal.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [message] = sleeper.fatal;

    expect(message).toBe('DynamoDB Local killed by SIGKILL: the local cloud cannot run without it');
    expect(sleeper.part.current).toBe(first);
  });

  it('that is stopped is not started again', async () => {
    const sleeper = supervisedSleeper();
    sleeper.part.started();

    await sleeper.part.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(sleeper.restarts()).toBe(0);
    expect(sleeper.lines).toEqual([]);
  });

  it('that keeps dying waits longer each time before it is started again', async () => {
    let clock = 0;
    const sleeper = supervisedSleeper({ now: () => clock });
    sleeper.part.started();

    const first = sleeper.part.current;
    first.child.kill('SIGKILL');
    const second = await vi.waitFor(
      () => {
        expect(sleeper.part.current).not.toBe(first);
        return sleeper.part.current;
      },
      { timeout: 15_000 },
    );
    clock += 1_000;
    second.child.kill('SIGKILL');
    await expect.poll(() => sleeper.lines, { timeout: 15_000 }).toContainEqual(expect.stringMatching(/in 1 s/));

    expect(sleeper.part.current).toBe(second);
    expect(sleeper.lines.find((line) => /in 1 s/.test(line))).toMatch(/starting it again in 1 s \(2 deaths in a minute\)/);
    await sleeper.part.stop();
    expect(sleeper.restarts()).toBe(1);
  });
});
