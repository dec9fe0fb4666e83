import { describeParts, logDirectory, probeLocalCloud, startLocalCloud } from './stack.js';

export interface LocalCloudLease {
  /** True when a local cloud was already running and is left as it was. */
  reused: boolean;
  release(): Promise<void>;
}

/**
 * Brings the local cloud up for a test run, or reuses one that already answers on every port
 * (`pnpm dev` in another terminal, or an outer `local-cloud run`). Only a cloud started here is
 * stopped on release. Process output goes to .local-cloud/logs so that test output stays readable.
 */
export const acquireLocalCloud = async (log: (line: string) => void = console.log): Promise<LocalCloudLease> => {
  const state = await probeLocalCloud(describeParts());
  if (state === 'running') {
    log('local-cloud: reusing the local cloud that is already running');
    return { reused: true, release: async () => {} };
  }
  const started = Date.now();
  log(`local-cloud: starting (logs in ${logDirectory})`);
  const cloud = await startLocalCloud({
    output: { kind: 'files', dir: logDirectory },
    log: (line) => log(`local-cloud: ${line}`),
  });
  log(`local-cloud: up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    reused: false,
    release: async () => {
      await cloud.stop();
      log('local-cloud: stopped');
    },
  };
};
