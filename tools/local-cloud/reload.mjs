// @ts-check
/**
 * Change code, keep the data: a service's process watches the sources its bundles are built from,
 * and on a change rebuilds them (serverless-esbuild's shared build, patches/) and forgets the loaded
 * bundles, so that its next invocation loads the new code, as a new Lambda instance would. Nothing
 * restarts: DynamoDB Local, the hub and the other services keep running and keep their data.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, watch, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { clearTimeout } from 'node:timers';

const require = createRequire(import.meta.url);

/** What esbuild may bundle: code and JSON, but no test of it. */
const isSource = (/** @type {string} */ file) =>
  /\.(ts|mts|cts|js|mjs|cjs|json)$/.test(file) && !/\.test\.[cm]?[jt]s$/.test(file);

/**
 * The folders a service's bundles are built from: its own `src`, and the `src` of every workspace
 * package among its `dependencies` and theirs (devDependencies are tooling, never bundled).
 * @param {string} serviceDir
 * @returns {string[]}
 */
export const sourceFolders = (serviceDir) => {
  const packages = new Set();
  const visit = (/** @type {string} */ dir) => {
    if (packages.has(dir)) return;
    packages.add(dir);
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) return;
    const { dependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [name, version] of Object.entries(dependencies)) {
      if (String(version).startsWith('workspace:')) visit(realpathSync(join(dir, 'node_modules', name)));
    }
  };
  visit(realpathSync(serviceDir));
  return [...packages].map((dir) => join(dir, 'src')).filter((folder) => existsSync(folder));
};

/**
 * Whether a change to `file` changes what a service with these source folders runs.
 * @param {string} file an absolute path
 * @param {string[]} folders
 */
export const changesBundles = (file, folders) => isSource(file) && folders.some((folder) => file.startsWith(`${folder}${sep}`));

/**
 * Runs `rebuild` after changes, one at a time: changes that come while it runs make one more
 * rebuild after it, and a burst of changes (a save of several files, a checkout) makes one.
 * @param {(files: string[]) => Promise<void>} rebuild
 * @param {number} quietMs how long to wait for more of a burst
 */
export const coalesceChanges = (rebuild, quietMs = 50) => {
  /** @type {Set<string>} */
  const changed = new Set();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let running = false;
  const run = async () => {
    running = true;
    while (changed.size > 0) {
      const files = [...changed];
      changed.clear();
      await rebuild(files);
    }
    running = false;
  };
  return (/** @type {string} */ file) => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!running) void run();
    }, quietMs);
  };
};

/**
 * The files under `dir`, to write back with `restore`: esbuild removes a build's output when a
 * rebuild fails, and serverless-offline looks for a bundle's file before it requires it.
 * @param {string} dir
 * @returns {Array<[string, Buffer]>}
 */
const snapshot = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .map((file) => [file, readFileSync(file)]);

/** @param {Array<[string, Buffer]>} files */
const restore = (files) => {
  for (const [file, content] of files) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
};

/**
 * Watches the sources of the service this process runs, and reloads its functions on a change.
 * @param {{ serverless: any, log: (line: string) => void }} options
 */
export const reloadOnChange = ({ serverless, log }) => {
  const esbuild = serverless.pluginManager.plugins.find(
    (/** @type {any} */ plugin) => plugin.constructor?.name === 'EsbuildServerlessPlugin',
  );
  if (!esbuild) return;
  const service = serverless.service.service;
  const folders = sourceFolders(serverless.serviceDir);
  const rebuild = async (/** @type {string[]} */ files) => {
    const started = performance.now();
    const what = files.length === 1 ? relative(serverless.serviceDir, files[0] ?? '') : `${files.length} files`;
    const lastBuild = snapshot(esbuild.buildDirPath);
    try {
      await esbuild.bundle();
    } catch (error) {
      restore(lastBuild);
      const why = error instanceof Error ? error.message : String(error);
      log(`local-cloud: ${service} not reloaded after ${what} changed, it runs its last build: ${why}`);
      return;
    }
    // In process, serverless-offline requires a bundle at every invocation, which Node answers
    // from its module cache: forgetting the bundles is what makes the next invocation load them.
    const bundles = `${esbuild.buildDirPath}${sep}`;
    for (const loaded of Object.keys(require.cache)) if (loaded.startsWith(bundles)) delete require.cache[loaded];
    log(`local-cloud: reloaded ${service} (${what} changed) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  const changed = coalesceChanges(rebuild);
  for (const folder of folders) {
    watch(folder, { recursive: true }, (_event, name) => {
      const file = name && join(folder, name);
      if (file && changesBundles(file, folders)) changed(file);
    });
  }
  log(`local-cloud: reloads on a change in ${folders.map((folder) => relative(serverless.serviceDir, folder)).join(', ')}`);
};
