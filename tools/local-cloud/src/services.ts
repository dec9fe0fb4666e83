import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Folders whose sub-folders holding a serverless.yml are started by the local cloud. */
const serviceFolders = ['services', 'tools'];

interface ServicePorts {
  http?: number;
  lambda?: number;
  sns?: number;
}

export interface OfflineService {
  name: string;
  dir: string;
  ports: ServicePorts;
  /** The service with serverless-offline-sns (and no `sns-endpoint`) hosts the SNS hub for all the others. */
  isSnsHub: boolean;
}

interface ServerlessConfig {
  service?: unknown;
  functions?: Record<string, { events?: Array<Record<string, unknown>> }>;
  custom?: {
    'serverless-offline'?: { httpPort?: unknown; lambdaPort?: unknown };
    'serverless-offline-sns'?: { port?: unknown; 'sns-endpoint'?: unknown };
    localCloud?: { subscriberPort?: unknown };
  };
}

const port = (file: string, key: string, value: unknown): number | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`${file}: ${key} must be a plain port number, so that the local cloud can wait for it`);
  }
  return value;
};

const hasHttpEvents = (config: ServerlessConfig): boolean =>
  Object.values(config.functions ?? {}).some((fn) => (fn.events ?? []).some((event) => 'http' in event || 'httpApi' in event));

/**
 * Reads the local ports of a service from its own serverless.yml, so that joining the local cloud
 * takes no configuration beyond the service's own `custom.serverless-offline` block.
 */
export const readOfflineService = (dir: string): OfflineService => {
  const file = join(dir, 'serverless.yml');
  const config = parse(readFileSync(file, 'utf8'), { logLevel: 'silent' }) as ServerlessConfig;
  const where = relative(repositoryRoot, file);
  if (typeof config.service !== 'string') throw new Error(`${where}: service must be a plain name`);
  const offline = config.custom?.['serverless-offline'] ?? {};
  const sns = config.custom?.['serverless-offline-sns'];
  const hasFunctions = Object.keys(config.functions ?? {}).length > 0;
  const ports: ServicePorts = {
    http: hasHttpEvents(config) ? port(where, 'custom.serverless-offline.httpPort', offline.httpPort) : undefined,
    lambda: hasFunctions ? port(where, 'custom.serverless-offline.lambdaPort', offline.lambdaPort) : undefined,
    sns:
      port(where, 'custom.localCloud.subscriberPort', config.custom?.localCloud?.subscriberPort) ??
      port(where, 'custom.serverless-offline-sns.port', sns?.port),
  };
  if (hasHttpEvents(config) && ports.http === undefined) {
    throw new Error(`${where}: a service with HTTP events needs custom.serverless-offline.httpPort`);
  }
  if (hasFunctions && ports.lambda === undefined) {
    throw new Error(`${where}: needs custom.serverless-offline.lambdaPort (the default would collide with other services)`);
  }
  return { name: config.service, dir, ports, isSnsHub: sns !== undefined && sns['sns-endpoint'] === undefined };
};

export const discoverServices = (root: string = repositoryRoot): OfflineService[] =>
  serviceFolders
    .flatMap((folder) => {
      const parent = join(root, folder);
      if (!existsSync(parent)) return [];
      return readdirSync(parent, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(parent, entry.name, 'serverless.yml')))
        .map((entry) => readOfflineService(join(parent, entry.name)));
    })
    .sort((a, b) => a.name.localeCompare(b.name));

export const allPorts = (service: OfflineService): number[] =>
  [service.ports.http, service.ports.lambda, service.ports.sns].filter((p): p is number => p !== undefined);

/**
 * Where a service's serverless-offline serves its HTTP API: the service's own port is the
 * gateway's (http-front.mjs), which hands each request on to this one.
 */
export const internalHttpPort = (service: OfflineService): number | undefined =>
  service.ports.http === undefined ? undefined : service.ports.http + 20_000;

/** The ports that listen once a service's process is ready: its own HTTP port, Lambda's, the subscriber's. */
export const readinessPorts = (service: OfflineService): number[] =>
  [internalHttpPort(service), service.ports.lambda, service.ports.sns].filter((p): p is number => p !== undefined);
