import { fileURLToPath } from 'node:url';
import {
  localCloudProcessEnv,
  logDirectory,
  offlineCommand,
  startProcess,
  waitForPorts,
  type ManagedProcess,
} from '@ecommerce/local-cloud';

const floorDir = fileURLToPath(new URL('../floor/', import.meta.url));
const serverlessCli = fileURLToPath(new URL('../node_modules/.bin/sls', import.meta.url));
export const floorUrl = 'http://127.0.0.1:3098/nothing';

/** Starts the no-op service (floor/serverless.yml) under the local cloud's runtime, for this run only. */
export const startFloor = async (): Promise<ManagedProcess> => {
  const floor = startProcess({
    name: 'benchmark-floor',
    ...offlineCommand(serverlessCli),
    cwd: floorDir,
    env: localCloudProcessEnv(),
    output: { kind: 'files', dir: logDirectory },
  });
  await waitForPorts(floor, [3098, 3198], 90_000);
  return floor;
};
