import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from 'serverless-esbuild/dist/bundle.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * The local cloud's warm start reuses a service's bundles when none of their inputs changed: the
 * build stamp of the serverless-esbuild patch (patches/serverless-esbuild@1.57.2.patch,
 * dist/build-stamp.js). These tests run the patched bundle() of serverless-esbuild on a small
 * project, each call as one start of serverless-offline would make it.
 */

const require = createRequire(import.meta.url);

let project: string;

const write = (file: string, content: string) => {
  mkdirSync(join(project, file, '..'), { recursive: true });
  writeFileSync(join(project, file), content);
};

/** One start: a fresh plugin state, as in a new serverless-offline process, bundling the one function. */
const start = async (esbuildOptions: Record<string, unknown> = {}, esbuildPlugins?: unknown[]) => {
  const notices: string[] = [];
  const plugin = {
    buildOptions: {
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      outputFileExtension: '.js',
      concurrency: 1,
      exclude: [],
      absWorkingDir: project,
      ...esbuildOptions,
    },
    // serverless-esbuild loads these from the file that `esbuild.plugins` names.
    plugins: esbuildPlugins,
    serviceDirPath: project,
    workDirPath: join(project, '.esbuild-offline'),
    buildDirPath: join(project, '.esbuild-offline', '.build'),
    functionEntries: [{ entry: 'src/handler.ts', func: { handler: 'src/handler.main' }, functionAlias: 'main' }],
    prepare: () => {},
    log: { verbose: () => {}, notice: (line: string) => notices.push(line) },
    sharedBuild: undefined as { context?: { dispose(): Promise<void> } } | undefined,
  };
  await bundle.call(plugin as never);
  // Only a build makes an esbuild context; a start that reused the last build has none.
  const built = plugin.sharedBuild !== undefined;
  await plugin.sharedBuild?.context?.dispose();
  return { built, reused: notices.some((line) => line.includes('bundles are reused')) };
};

const output = join('.esbuild-offline', '.build', 'src', 'handler.js');

/** What the bundle on disk answers. */
const answer = (): string => {
  const file = join(project, output);
  delete require.cache[file];
  return (require(file) as { main(): string }).main();
};

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'build-stamp-'));
  write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  write('package.json', '{ "name": "stamp-test", "private": true }\n');
  write('src/handler.ts', "import { greeting } from './greeting';\nexport const main = (): string => greeting('order');\n");
  write('src/greeting.ts', 'export const greeting = (what: string): string => `hello ${what}`;\n');
});

afterEach(() => {
  rmSync(project, { recursive: true, force: true });
});

describe('the build stamp of the serverless-esbuild patch', () => {
  it('reuses the last bundles when no input changed, and builds when there is no earlier build', async () => {
    expect(await start()).toEqual({ built: true, reused: false });
    expect(answer()).toBe('hello order');

    expect(await start()).toEqual({ built: false, reused: true });
    expect(answer()).toBe('hello order');
  });

  it('builds again when an input changed, and then reuses that build', async () => {
    await start();
    write('src/greeting.ts', 'export const greeting = (what: string): string => `goodbye ${what}`;\n');

    expect(await start()).toEqual({ built: true, reused: false });
    expect(answer()).toBe('goodbye order');
    expect(await start()).toEqual({ built: false, reused: true });
  });

  it('builds again when a new file would be resolved instead of an input', async () => {
    await start();
    // esbuild tries .tsx before .ts: './greeting' is now this file.
    write('src/greeting.tsx', 'export const greeting = (what: string): string => `hi ${what}`;\n');

    expect(await start()).toEqual({ built: true, reused: false });
    expect(answer()).toBe('hi order');
  });

  it('builds again when the options, the lockfile, or a package.json or tsconfig.json above an input changed', async () => {
    await start();
    expect(await start({ minify: true })).toMatchObject({ built: true });
    expect(await start({ minify: true })).toMatchObject({ built: false });

    write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n# another resolution\n");
    expect(await start({ minify: true })).toMatchObject({ built: true });

    write('package.json', '{ "name": "stamp-test", "private": true, "sideEffects": false }\n');
    expect(await start({ minify: true })).toMatchObject({ built: true });

    // A tsconfig.json that was not there before, in a folder above the inputs.
    write('tsconfig.json', '{ "compilerOptions": { "target": "es2020" } }\n');
    expect(await start({ minify: true })).toMatchObject({ built: true });
    expect(await start({ minify: true })).toMatchObject({ built: false });
  });

  it('builds again when the tsconfig file that the options name changed, wherever it is', async () => {
    write('config/tsconfig.build.json', '{ "compilerOptions": {} }\n');
    const options = { tsconfig: join(project, 'config', 'tsconfig.build.json') };
    await start(options);
    expect(await start(options)).toMatchObject({ built: false });

    write('config/tsconfig.build.json', '{ "compilerOptions": { "target": "es2020" } }\n');
    expect(await start(options)).toMatchObject({ built: true });
  });

  it('builds again when a bundle was changed or deleted since', async () => {
    await start();
    writeFileSync(join(project, output), 'exports.main = () => "tampered";\n');
    expect(await start()).toEqual({ built: true, reused: false });
    expect(answer()).toBe('hello order');

    rmSync(join(project, output));
    expect(await start()).toEqual({ built: true, reused: false });
    expect(answer()).toBe('hello order');
  });

  it('never reuses a build made with esbuild plugins, which may read files the metafile does not list', async () => {
    const plugins = [{ name: 'noop', setup: () => {} }];
    await start();
    expect(await start({}, plugins)).toEqual({ built: true, reused: false });
    expect(await start({}, plugins)).toEqual({ built: true, reused: false });
    expect(answer()).toBe('hello order');
  });
});
