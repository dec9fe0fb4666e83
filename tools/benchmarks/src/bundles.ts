import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { parse } from 'yaml';

// Figures of the deployable artifacts, not of a running system: what each function's zip holds, and
// how long a fresh Node process takes to load its handler module, beside a "bare bundle" that does
// nothing but build the AWS SDK clients that function uses. The bare bundle is what any function needs
// anyway; what a handler costs beyond it is our own code and libraries.

const run = promisify(execFile);
const rootDir = fileURLToPath(new URL('../../../', import.meta.url));
const servicesDir = join(rootDir, 'services');
const resultsFile = fileURLToPath(new URL('../results/bundles.json', import.meta.url));

export interface FunctionBundle {
  service: string;
  function: string;
  /** Size of the zip Lambda would receive. */
  zipBytes: number;
  /** Files in that zip, and how many of them are source maps. */
  files: number;
  mapFiles: number;
  /** Size of the handler module once unzipped. */
  handlerBytes: number;
  /** SDK clients found in the bundle, which the bare bundle builds too. */
  clients: string[];
  /** Median time to require() the handler module in a fresh Node process. */
  loadMs: number;
  /** Median time to require() the bare bundle, measured in turn with the handler. */
  bareMs: number;
  /** The median of each run's handler load divided by its bare bundle load. */
  ratio: number;
}

export interface BundlesReport {
  measuredAt: string;
  machine: { cpus: number; node: string };
  runs: number;
  unit: string;
  functions: FunctionBundle[];
}

export interface MeasureBundlesOptions {
  /**
   * A folder with one `sls package --package <folder>/<service>` output per service. Without it,
   * every service is packaged afresh (stage qa) into a temporary folder.
   */
  packagedDir?: string;
  /** Services to measure; every service with functions by default. */
  services?: string[];
  /** Loads of each module; the median is reported. */
  runs?: number;
  log?: (line: string) => void;
}

/**
 * The SDK clients a function may build, how the bare bundle builds each, and what in a bundle says it is
 * there: its class name, which keepNames (serverless.common.yml) leaves as a string literal, unless
 * a `marker` says otherwise.
 * Stripe's client is one: charging and refunding cannot do without it, as no function that writes
 * to DynamoDB can do without DynamoDB's. Billing imports it at the first charge or refund, so at
 * cold start its code is only parsed; the bare bundle builds it, which costs more than that.
 */
const sdkClients = [
  {
    name: 'DynamoDBDocumentClient',
    imports: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    ],
    construct: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  {
    name: 'SNSClient',
    imports: ["import { SNSClient } from '@aws-sdk/client-sns';"],
    construct: 'new SNSClient({})',
  },
  {
    name: 'SESv2Client',
    imports: ["import { SESv2Client } from '@aws-sdk/client-sesv2';"],
    construct: 'new SESv2Client({})',
  },
  {
    name: 'SSMClient',
    imports: ["import { SSMClient } from '@aws-sdk/client-ssm';"],
    construct: 'new SSMClient({})',
  },
  {
    name: 'Stripe',
    // Stripe's SDK exports an unnamed class; it names its API's host.
    marker: 'api.stripe.com',
    imports: ["import Stripe from 'stripe';"],
    construct: "new Stripe('sk_test_bare')",
  },
] as const;

const clientsIn = (bundle: string): string[] =>
  sdkClients.filter((client) => bundle.includes('marker' in client ? client.marker : `"${client.name}"`)).map(({ name }) => name);

/** The esbuild options of serverless.common.yml that shape the output, so the bare bundle is built as the functions are. */
const sharedBuildOptions = (): BuildOptions => {
  const { esbuild } = parse(readFileSync(join(rootDir, 'serverless.common.yml'), 'utf8')) as {
    esbuild: Record<string, unknown>;
  };
  const keys = ['minify', 'treeShaking', 'mainFields', 'keepNames', 'platform', 'format', 'target'] as const;
  return Object.fromEntries(keys.filter((key) => key in esbuild).map((key) => [key, esbuild[key]])) as BuildOptions;
};

const buildBareBundle = async (clients: string[], outDir: string): Promise<string> => {
  const chosen = sdkClients.filter(({ name }) => clients.includes(name));
  const contents = [
    ...chosen.flatMap(({ imports }) => imports),
    `export const clients = [${chosen.map(({ construct }) => construct).join(', ')}];`,
  ].join('\n');
  const outfile = join(outDir, `bare-${clients.join('-') || 'none'}.js`);
  await build({
    ...sharedBuildOptions(),
    stdin: { contents, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true,
    outfile,
    logLevel: 'error',
  });
  return outfile;
};

interface Template {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

const urlStandIn = 'https://bench-stand-in.invalid/';

/**
 * What stands in for a value CloudFormation resolves at deploy time, so that a handler that parses
 * its configuration at cold start, as it should, loads: a URL for an SSM setting (URLs, ids; a
 * dynamic reference, or a template parameter of @ecommerce/ssm-settings), a user pool of the load's
 * region and an app client id for who signs the tokens (lambda-kit accepts nothing else off the
 * local stage), an ARN for any other intrinsic (an imported ARN).
 */
const standInFor = (template: Template, value: unknown): string => {
  if (typeof value === 'string') return value.startsWith('{{resolve:') ? urlStandIn : value;
  const { Ref: ref, 'Fn::ImportValue': imported } = value as { Ref?: unknown; 'Fn::ImportValue'?: unknown };
  if (typeof ref === 'string' && template.Parameters?.[ref]) return urlStandIn;
  if (typeof imported === 'string' && imported.endsWith('-UserPoolIssuer')) {
    return 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_BenchStandIn';
  }
  if (typeof imported === 'string' && imported.endsWith('-UserPoolClientId')) return 'benchstandin';
  return 'arn:aws:sns:eu-west-1:123456789012:bench-stand-in';
};

/** A function's environment as its template sets it, with stand-ins for what is resolved at deploy time. */
const environmentOf = (template: Template, properties: Record<string, unknown>): Record<string, string> => {
  const variables = (properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  return Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, standInFor(template, value)]));
};

/**
 * The core every load runs on. A function of 256 MB gets a sixth of one vCPU on Lambda, never two:
 * one core is the nearer model, and a load that cannot move between cores (nor share them with the
 * compiler threads V8 starts) varies less. Two copies of one bundle measured side by side differed
 * by 0.99 to 1.06 on two cores, 1.01 to 1.02 on one.
 */
const loadCore = String(cpus().length - 1);

/** Milliseconds a fresh Node process, held to one core, spends in require(file): module loading only, not Node's own start. */
const loadOnce = async (file: string, env: Record<string, string>): Promise<number> => {
  const { stdout } = await run(
    'taskset',
    [
      '--cpu-list',
      loadCore,
      process.execPath,
      '-e',
      'const t = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t));',
      file,
    ],
    {
      env: {
        PATH: process.env['PATH'] ?? '',
        AWS_REGION: 'eu-west-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        NODE_NO_WARNINGS: '1',
        ...env,
      },
    },
  );
  return Number(stdout);
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const servicesWithFunctions = (): string[] =>
  readdirSync(servicesDir).filter((name) => {
    const file = join(servicesDir, name, 'serverless.yml');
    return existsSync(file) && readFileSync(file, 'utf8').includes('serverless-esbuild');
  });

/** `sls package --stage qa` of each service into <outDir>/<service>, two at a time (the machine may have two cores). */
export const packageServices = async (services: string[], outDir: string, log: (line: string) => void): Promise<void> => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  for (let i = 0; i < services.length; i += 2) {
    await Promise.all(
      services.slice(i, i + 2).map(async (service) => {
        log(`packaging ${service}...`);
        await run(
          join(servicesDir, service, 'node_modules', '.bin', 'sls'),
          ['package', '--stage', 'qa', '--package', join(outDir, service)],
          {
            cwd: join(servicesDir, service),
            env: { ...env, AWS_EC2_METADATA_DISABLED: 'true' },
          },
        );
      }),
    );
  }
};

/**
 * Measures every function of the packaged services: zip size and content, and the median time a
 * fresh Node process takes to load its handler beside the bare bundle of the same SDK clients. The
 * two loads alternate within each run (and which goes first alternates too), so a busy machine
 * slows both alike.
 */
export const measureBundles = async (options: MeasureBundlesOptions = {}): Promise<BundlesReport> => {
  const log = options.log ?? (() => {});
  const runs = options.runs ?? 21;
  const services = options.services ?? servicesWithFunctions();
  const workDir = mkdtempSync(join(tmpdir(), 'bundles-'));
  try {
    return await measureIn(workDir, runs, services, options.packagedDir, log);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
};

const measureIn = async (
  workDir: string,
  runs: number,
  services: string[],
  given: string | undefined,
  log: (line: string) => void,
): Promise<BundlesReport> => {
  let packagedDir = given;
  if (!packagedDir) {
    packagedDir = join(workDir, 'packaged');
    await packageServices(services, packagedDir, log);
  }

  const unzipped = new Map<string, string>();
  const unzip = async (zip: string): Promise<string> => {
    let dir = unzipped.get(zip);
    if (!dir) {
      dir = mkdtempSync(join(workDir, 'zip-'));
      await run('unzip', ['-q', '-o', zip, '-d', dir]);
      unzipped.set(zip, dir);
    }
    return dir;
  };
  const listing = async (zip: string): Promise<string[]> =>
    (await run('unzip', ['-Z1', zip])).stdout.split('\n').filter((line) => line !== '' && !line.endsWith('/'));

  const bareBundles = new Map<string, string>();
  const functions: FunctionBundle[] = [];
  for (const service of services) {
    const serviceDir = join(packagedDir, service);
    const template = JSON.parse(readFileSync(join(serviceDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const name = logicalId.replace(/LambdaFunction$/, '').replace(/^./, (c) => c.toLowerCase());
      const zip = join(serviceDir, basename((resource.Properties['Code'] as { S3Key: string }).S3Key));
      const handler = resource.Properties['Handler'] as string;
      const handlerFile = join(await unzip(zip), `${handler.slice(0, handler.lastIndexOf('.'))}.js`);
      const files = await listing(zip);
      const bundle = readFileSync(handlerFile, 'utf8');
      const clients = clientsIn(bundle);
      const key = clients.join(',');
      if (!bareBundles.has(key)) bareBundles.set(key, await buildBareBundle(clients, workDir));
      const bare = bareBundles.get(key)!;
      const env = environmentOf(template, resource.Properties);

      const loads: number[] = [];
      const bareLoads: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        if (i % 2 === 0) {
          loads.push(await loadOnce(handlerFile, env));
          bareLoads.push(await loadOnce(bare, env));
        } else {
          bareLoads.push(await loadOnce(bare, env));
          loads.push(await loadOnce(handlerFile, env));
        }
      }
      const figures: FunctionBundle = {
        service,
        function: name,
        zipBytes: statSync(zip).size,
        files: files.length,
        mapFiles: files.filter((file) => file.endsWith('.map')).length,
        handlerBytes: Buffer.byteLength(bundle),
        clients,
        loadMs: round(median(loads)),
        bareMs: round(median(bareLoads)),
        // Each run's two loads ran side by side: the median of their ratios cancels the machine's drift.
        ratio: round(median(loads.map((load, run) => load / bareLoads[run]!)), 2),
      };
      log(`${service}/${name}: ${figures.loadMs} ms against ${figures.bareMs} ms`);
      functions.push(figures);
    }
  }
  return {
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    runs,
    unit: 'bytes, milliseconds (median of the runs, each in a fresh Node process held to one core)',
    functions,
  };
};

const kb = (bytes: number) => `${round(bytes / 1024)} KB`;

/** One row per function, for console.table. */
export const bundlesTable = (report: BundlesReport) =>
  Object.fromEntries(
    report.functions.map((f) => [
      `${f.service}/${f.function}`,
      {
        zip: kb(f.zipBytes),
        maps: f.mapFiles,
        handler: kb(f.handlerBytes),
        'load ms': f.loadMs,
        'bare ms': f.bareMs,
        ratio: f.ratio,
        clients: f.clients.join(' '),
      },
    ]),
  );

const optionAfter = (flag: string): string | undefined => {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
};

// pnpm --filter @ecommerce/benchmarks bundles [-- --packaged <folder>] [--runs <n>] [--out <file>]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = optionAfter('--runs');
  const out = optionAfter('--out') ?? resultsFile;
  measureBundles({
    ...(optionAfter('--packaged') ? { packagedDir: optionAfter('--packaged')! } : {}),
    ...(runs ? { runs: Number(runs) } : {}),
    log: (line) => console.log(line),
  })
    .then((report) => {
      mkdirSync(join(out, '..'), { recursive: true });
      writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
      console.table(bundlesTable(report));
      console.log(`written to ${out}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
