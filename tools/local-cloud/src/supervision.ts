import type { ManagedProcess } from './processes.js';

/** Deaths further apart than this are unrelated: each is started again at once. */
export const restartWindowMs = 60_000;
/** The longest a part that keeps dying waits before it is started again. */
export const maxRestartDelayMs = 30_000;

/**
 * How long to wait before starting again a part that just died, given when it died before (this
 * death included): at once the first time in a minute, then 1 s, 2 s, 4 s... up to 30 s, so that a
 * process that dies at every start (a syntax error, a port taken) does not take the machine's CPU
 * with framework loads.
 */
export const restartDelayMs = (deaths: readonly number[], now: number): number => {
  const recent = deaths.filter((at) => now - at < restartWindowMs).length;
  return recent <= 1 ? 0 : Math.min(maxRestartDelayMs, 1_000 * 2 ** (recent - 2));
};

export interface SupervisedPart {
  name: string;
  /** The process running now (a new one after each restart). */
  readonly current: ManagedProcess;
  /** Says that the first process is ready: from then on, a death is a crash, and repaired. */
  started(): void;
  /** Stops the part for good: it is not started again. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  name: string;
  start: (restart: boolean) => ManagedProcess;
  /** A part the local cloud cannot run without: its death is reported, never repaired. */
  critical?: string;
  /** Settles when a process that was started again is ready (its ports listen). */
  whenReady: (proc: ManagedProcess) => Promise<void>;
  log: (line: string) => void;
  /** Called with a sentence when a critical part dies. */
  onFatal: (message: string) => void;
  /** Called whenever a new process replaced the one that died. */
  onRestart: () => void;
  now?: () => number;
}

/** Kills what the dead process left in its group (children it spawned), so that a new one finds its ports free. */
const reapGroup = (proc: ManagedProcess) => {
  if (proc.child.pid === undefined) return;
  try {
    process.kill(-proc.child.pid, 'SIGKILL');
  } catch {
    // nothing left
  }
};

/**
 * Runs a part of the local cloud as Lambda runs a function's execution environments: one that dies
 * (killed, out of memory, `process.exit` in a handler) is started again, after `restartDelayMs`,
 * and says so. Before it was ready once, a death is the start's failure, not a crash, and is left
 * to whoever waits for it to be ready.
 */
export const supervise = (options: SuperviseOptions): SupervisedPart => {
  const { name, start, critical, whenReady, log, onFatal, onRestart, now = Date.now } = options;
  let current = start(false);
  let stopped = false;
  let wasReady = false;
  let pendingRestart: NodeJS.Timeout | undefined;
  const deaths: number[] = [];

  const watch = (proc: ManagedProcess) => {
    void proc.exited.then((reason) => {
      if (stopped || !wasReady) return;
      reapGroup(proc);
      if (critical) {
        onFatal(`${critical} ${reason}: the local cloud cannot run without it`);
        return;
      }
      const diedAt = now();
      deaths.push(diedAt);
      const delay = restartDelayMs(deaths, diedAt);
      log(
        `${name} ${reason}; starting it again${delay > 0 ? ` in ${delay / 1000} s (${deaths.filter((at) => diedAt - at < restartWindowMs).length} deaths in a minute)` : ''}: ` +
          'the invocations it was running failed and are retried, the events waiting for it wait',
      );
      pendingRestart = setTimeout(() => {
        if (stopped) return;
        const startedAt = now();
        current = start(true);
        onRestart();
        watch(current);
        whenReady(current).then(
          () => log(`${name} is up again (${((now() - startedAt) / 1000).toFixed(1)} s)`),
          () => undefined,
        );
      }, delay);
    });
  };
  watch(current);

  return {
    name,
    get current() {
      return current;
    },
    started: () => {
      wasReady = true;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(pendingRestart);
      await current.stop();
    },
  };
};
