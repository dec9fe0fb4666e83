import { fileURLToPath } from 'node:url';
import { startOfflineService, type ManagedProcess } from '@ecommerce/local-cloud';

export const floorUrl = 'http://127.0.0.1:3098/nothing';

/** Starts the no-op service (floor/serverless.yml) under the local cloud's runtime, for this run only. */
export const startFloor = (): Promise<ManagedProcess> =>
  startOfflineService({
    name: 'benchmark-floor',
    dir: fileURLToPath(new URL('../floor/', import.meta.url)),
    serverlessCli: fileURLToPath(new URL('../node_modules/.bin/sls', import.meta.url)),
    ports: [3098, 3198],
  });
