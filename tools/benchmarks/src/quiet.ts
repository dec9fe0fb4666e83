import { localCloudCpuSeconds } from './cpu.js';

/**
 * CPU seconds a second below which the local cloud counts as quiet. Doing nothing it still spends
 * about 0.12 (the scheduled sweeps, the stream polls every 250 ms, serverless-offline's timers).
 */
const quietCpuPerSecond = 0.25;
const quietSecondsInARow = 2;

/**
 * Waits until the whole local cloud has been quiet for two seconds in a row, so that a scenario
 * measures its own load and not the tail of the one before: after a burst, every order has ended
 * while the emails, journal entries and history of its last orders are still being delivered.
 * Gives up after `timeoutMs`, and says so in what it returns, which goes into the scenario's figures.
 */
export const untilQuiet = async ({ timeoutMs = 120_000 }: { timeoutMs?: number } = {}): Promise<Quiet> => {
  const started = performance.now();
  const waited = () => Math.round((performance.now() - started) / 100) / 10;
  const first = localCloudCpuSeconds();
  if (first === undefined) return { quiet: 'unknown: the CPU of the local cloud cannot be read here' };
  let previous = first;
  let quietInARow = 0;
  while (quietInARow < quietSecondsInARow) {
    if (performance.now() - started > timeoutMs) return { quiet: false, secondsWaited: waited() };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now: number = localCloudCpuSeconds() ?? previous;
    quietInARow = now - previous < quietCpuPerSecond ? quietInARow + 1 : 0;
    previous = now;
  }
  return { quiet: true, secondsWaited: waited() };
};

export type Quiet = { quiet: boolean; secondsWaited: number } | { quiet: string };
