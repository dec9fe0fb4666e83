import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageServices, resourcesOfType, type PackagedService } from '../templates.js';

// Lambda runs nodejs24.x, its current LTS runtime
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html); the bundles are built for that
// Node, and the README's commands test them on it.
const rootDir = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (path: string) => readFileSync(join(rootDir, path), 'utf8');
const common = parse(read('serverless.common.yml')) as { provider: { runtime: string }; esbuild: { target: string } };
const runtimeMajor = /^nodejs(\d+)\.x$/.exec(common.provider.runtime)?.[1];

const lambdaNode = join(rootDir, 'tools/lambda-node.sh');
const lambdaNodeVersion = /^\s*lambda_node_version=(\d+\.\d+\.\d+)$/m.exec(readFileSync(lambdaNode, 'utf8'))?.[1];

const tracked = async (pattern: string) =>
  (await promisify(execFile)('git', ['ls-files', pattern], { cwd: rootDir })).stdout.split('\n').filter(Boolean);

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

describe('Node.js, one major from the laptop to Lambda', () => {
  it('runs every packaged function on nodejs24.x', () => {
    const functions = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::Lambda::Function').map(([logicalId, fn]) => ({ service, logicalId, fn })),
    );

    expect(common.provider.runtime).toBe('nodejs24.x');
    expect(functions.length).toBeGreaterThan(15);
    for (const { service, logicalId, fn } of functions) {
      expect(fn.Properties['Runtime'], `${service.name}/${logicalId}`).toBe('nodejs24.x');
    }
  });

  it('bundles for that Node, and every serverless.yml takes its runtime and its bundling from serverless.common.yml', async () => {
    expect(common.esbuild.target).toBe(`node${runtimeMajor}`);
    const files = await tracked('*serverless.yml');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const config = parse(read(file)) as { provider: { runtime: string }; plugins?: string[]; custom?: { esbuild?: string } };
      const shared = `${relative(dirname(file), '.') || '.'}/serverless.common.yml`;

      expect(config.provider.runtime, file).toBe(`\${file(${shared}):provider.runtime}`);
      if (config.plugins?.includes('serverless-esbuild'))
        expect(config.custom?.esbuild, file).toBe(`\${file(${shared}):esbuild}`);
    }
  });

  it("runs the README's two commands and CI on it, and every package asks for it", async () => {
    expect(lambdaNodeVersion?.split('.')[0]).toBe(runtimeMajor);
    const readmeCommands = [...read('README.md').matchAll(/^```sh\n(.*pnpm install --frozen-lockfile.*)$/gm)].map(
      ([, line]) => line!,
    );
    expect(readmeCommands).toHaveLength(2);
    for (const command of readmeCommands) expect(command).toMatch(/^\. tools\/lambda-node\.sh && npm install -g pnpm@/);
    expect(read('.ci/run')).toContain(`\n${readmeCommands.find((command) => command.endsWith('pnpm test'))}\n`);

    for (const file of await tracked('*package.json')) {
      const manifest = JSON.parse(read(file)) as { engines?: { node?: string }; devDependencies?: Record<string, string> };
      expect(manifest.engines?.node, file).toBe(`>=${runtimeMajor}`);
      const types = manifest.devDependencies?.['@types/node'];
      if (types) expect(types.split('.')[0], file).toBe(runtimeMajor);
    }
  });
});

/** A shell with tools/lambda-node.sh's world faked: the machine's node, and npm serving a Node tarball. */
const sandbox = (machineNode: string, tarballNode: string, npmFails = false) => {
  const dir = mkdtempSync(join(tmpdir(), 'lambda-node-'));
  const bin = join(dir, 'bin');
  const tarballRoot = join(dir, 'tarball');
  mkdirSync(bin);
  mkdirSync(join(tarballRoot, 'package', 'bin'), { recursive: true });
  const script = (path: string, body: string) => {
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
  };
  script(join(bin, 'node'), `echo ${machineNode}`);
  script(join(tarballRoot, 'package', 'bin', 'node'), `echo ${tarballNode}`);
  // npm pack <name>@<version> writes <name>-<version>.tgz where it runs, as the registry's client does.
  script(
    join(bin, 'npm'),
    [
      `echo "$*" >> ${join(dir, 'npm-calls')}`,
      npmFails ? 'echo "npm error 404 Not Found" >&2; exit 1' : '',
      `spec=$2; tar -czf "\${spec%@*}-\${spec##*@}.tgz" -C ${tarballRoot} package`,
    ].join('\n'),
  );
  const cache = join(dir, 'cache');
  const run = async (commands: string) => {
    try {
      const { stdout, stderr } = await promisify(execFile)('sh', ['-c', commands], {
        cwd: rootDir,
        env: { HOME: dir, XDG_CACHE_HOME: cache, PATH: `${bin}:/usr/bin:/bin` },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
  };
  const npmCalls = () => {
    try {
      return readFileSync(join(dir, 'npm-calls'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const cached = () => readdirSync(join(cache, 'ecommerce-order-pipeline'));
  return { bin, home: join(cache, 'ecommerce-order-pipeline', `node-${lambdaNodeVersion}`), run, npmCalls, cached };
};

const platform = `linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;

describe.runIf(process.platform === 'linux')('tools/lambda-node.sh, sourced', () => {
  it("fetches Node 24 once from the npm registry and puts it first on the shell's PATH", async () => {
    const { bin, home, run, npmCalls } = sandbox('v20.20.2', `v${lambdaNodeVersion}`);

    const { code, stdout, stderr } = await run(
      '. tools/lambda-node.sh && node -v && . tools/lambda-node.sh && node -v && echo "$PATH"',
    );

    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      `v${lambdaNodeVersion}`,
      `v${lambdaNodeVersion}`,
      `${home}/bin:${bin}:/usr/bin:/bin`,
      '',
    ]);
    expect(npmCalls()).toEqual([`pack node-${platform}@${lambdaNodeVersion} --silent`]);
    // One line, the first time only.
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`fetching Node.js ${lambdaNodeVersion}`);
  });

  it('leaves a machine whose node is already 24 as it is, silently', async () => {
    const { bin, run, npmCalls } = sandbox('v24.1.0', `v${lambdaNodeVersion}`);

    const { code, stdout, stderr } = await run('. tools/lambda-node.sh && node -v && echo "$PATH"');

    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: `v24.1.0\n${bin}:/usr/bin:/bin\n`, stderr: '' });
    expect(npmCalls()).toEqual([]);
  });

  it('stops the command after it, saying what failed, and leaves nothing half-fetched, when npm cannot fetch it', async () => {
    const { run, cached } = sandbox('v20.20.2', `v${lambdaNodeVersion}`, true);

    const { code, stdout, stderr } = await run('. tools/lambda-node.sh && echo reached');

    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`npm pack node-${platform}@${lambdaNodeVersion}`);
    expect(cached()).toEqual([]);
  });

  it('refuses a fetched node that is not the version it asked for', async () => {
    const { run, cached } = sandbox('v20.20.2', 'v22.0.0');

    const { code, stdout, stderr } = await run('. tools/lambda-node.sh && echo reached');

    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toContain(`could not fetch and run Node.js ${lambdaNodeVersion}`);
    expect(cached()).toEqual([]);
  });
});
