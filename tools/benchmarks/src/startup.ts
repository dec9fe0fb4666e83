import { cpus, loadavg } from 'node:os';
import { logDirectory, probeLocalCloud, startLocalCloud } from '@ecommerce/local-cloud';
import { localCloudCpuSeconds } from './cpu.js';
import { summarise, type Summary } from './load.js';

interface StartupRun {
  /** From the start command until every part listens, as `pnpm dev` reports it. */
  seconds: number;
  /** CPU seconds every process of the local cloud had used by then. */
  cpuSeconds: number | undefined;
  loadAverageBefore: number;
}

export type StartupReport = { runs: StartupRun[]; seconds: Summary; cpuSeconds: Summary; cpus: number } | { skipped: string };

const settle = async () => {
  // A start right after a stop would also measure the last one's ports being released and its JVM exiting.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
};

/**
 * Starts and stops the whole local cloud `runs` times, exactly as `pnpm dev` does, and measures how
 * long each start takes until every part listens and how much CPU it took. A start is mostly CPU
 * (the framework loading in every service, esbuild, the JVM), so on a machine shared with other work
 * the CPU seconds compare versions better than the wall time does.
 */
export const measureStartup = async ({
  runs = 3,
  log = () => {},
}: { runs?: number; log?: (line: string) => void } = {}): Promise<StartupReport> => {
  if ((await probeLocalCloud()) !== 'stopped') {
    return { skipped: 'a local cloud was already running: stop it to measure how long one takes to start' };
  }
  const measured: StartupRun[] = [];
  for (let run = 1; run <= runs; run += 1) {
    await settle();
    const loadAverageBefore = loadavg()[0]!;
    const started = performance.now();
    const cloud = await startLocalCloud({ output: { kind: 'files', dir: logDirectory } });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = localCloudCpuSeconds();
    await cloud.stop();
    measured.push({ seconds: Math.round(seconds * 10) / 10, cpuSeconds, loadAverageBefore });
    log(
      `start ${run} of ${runs}: ${seconds.toFixed(1)} s, ${cpuSeconds ?? '?'} CPU s (load average before: ${loadAverageBefore})`,
    );
  }
  return {
    runs: measured,
    seconds: summarise(measured.map((run) => run.seconds)),
    cpuSeconds: summarise(measured.flatMap((run) => (run.cpuSeconds === undefined ? [] : [run.cpuSeconds]))),
    cpus: cpus().length,
  };
};
