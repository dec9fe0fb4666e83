import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isPortOpen } from '../ports.mjs';

/**
 * Where a process's output goes: into `<dir>/<name>.log`, and with `prefix` also to this terminal,
 * each line prefixed with the process's name. The files are there in both cases, so that what reads
 * the logs (tests, `pnpm metrics`) finds them whether the cloud runs for tests or under `pnpm dev`.
 */
export type OutputMode = { kind: 'prefix'; dir: string } | { kind: 'files'; dir: string };

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Settles when the process has exited, with its code or signal. */
  exited: Promise<string>;
  logFile: string;
  stop(): Promise<void>;
}

const colours = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
let nextColour = 0;

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: OutputMode;
  /** Adds to the log instead of starting it anew: a process started again after a crash keeps the lines of the one that died. */
  append?: boolean;
}

export const startProcess = ({ name, command, args, cwd, env, output, append = false }: StartOptions): ManagedProcess => {
  mkdirSync(output.dir, { recursive: true });
  const logFile = join(output.dir, `${name}.log`);
  // Into files, a process writes its output straight to its log: nothing relays it, and a busy
  // supervisor can never fill a pipe and so block a service's every log line (Node writes to pipes
  // synchronously).
  const logFd = output.kind === 'files' ? openSync(logFile, append ? 'a' : 'w') : undefined;
  // A process group of its own, so that stopping it also stops whatever it spawned.
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', logFd ?? 'pipe', logFd ?? 'pipe'],
  });
  if (logFd !== undefined) closeSync(logFd);
  const sink = logFd === undefined ? createWriteStream(logFile, { flags: append ? 'a' : 'w' }) : undefined;
  if (sink) {
    // Two sources share one file: neither may close it when it ends.
    child.stdout?.pipe(sink, { end: false });
    child.stderr?.pipe(sink, { end: false });
    const prefix = `\x1b[${colours[nextColour++ % colours.length]}m${name.padEnd(14)}|\x1b[0m `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`));
    }
  }

  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      const reason = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (!sink) {
        resolve(reason);
        return;
      }
      // The last lines may still be in the pipes: flush them into the log before reporting.
      const flush = () => sink.end(() => resolve(reason));
      const grandchildrenHoldPipes = setTimeout(flush, 1_000);
      child.once('close', () => {
        clearTimeout(grandchildrenHoldPipes);
        flush();
      });
    });
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    name,
    child,
    exited,
    logFile,
    stop: async () => {
      signalGroup('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        signalGroup('SIGKILL');
        await exited;
      }
    },
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every port accepts connections; fails at once if the process exits meanwhile. */
export const waitForPorts = async (
  proc: ManagedProcess,
  ports: number[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> => {
  let exitReason: string | undefined;
  void proc.exited.then((reason) => (exitReason = reason));
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while (!(await isPortOpen(port))) {
      if (exitReason) throw new Error(`${proc.name} ${exitReason} before it was ready${logHint(proc)}`);
      if (signal?.aborted) throw new Error('the start was interrupted');
      if (Date.now() > deadline) {
        throw new Error(`${proc.name} was not listening on port ${port} after ${timeoutMs / 1000} s${logHint(proc)}`);
      }
      await sleep(200);
    }
  }
};

const logHint = (proc: ManagedProcess): string => {
  if (!proc.logFile) return '';
  const tail = readFileSync(proc.logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
  return `\n--- last lines of ${proc.logFile} ---\n${tail}`;
};
