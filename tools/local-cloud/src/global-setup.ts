import { localCloudEnv } from './endpoints.js';
import { acquireLocalCloud } from './harness.js';

/**
 * Vitest global setup for integration and end-to-end tests: the local cloud for the whole run.
 * The endpoints go into the environment here, before vitest starts its workers, so that test code
 * builds its SDK clients exactly as handlers do.
 */
export default async function setup(): Promise<() => Promise<void>> {
  Object.assign(process.env, localCloudEnv);
  const lease = await acquireLocalCloud();
  return () => lease.release();
}
