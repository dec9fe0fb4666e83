// @ts-check
// Plain JavaScript: vitest loads its config with Node, which cannot import TypeScript from a
// workspace package.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const globalSetup = fileURLToPath(new URL('./src/global-setup.ts', import.meta.url));

/**
 * The test layout every package shares: `*.test.ts` are unit tests (no I/O, fast);
 * `*.int.test.ts` run against the local cloud, which is started for the run or reused;
 * `*.restart.test.ts` start and stop local clouds of their own, and so run when none is up.
 */
export const defineTestConfig = () =>
  defineConfig({
    test: {
      // What a test logs through the console is shown only when it fails; the figures a test measures
      // (reportFigure) are written past the console, so they are always shown.
      silent: 'passed-only',
      projects: [
        {
          test: {
            name: 'unit',
            include: ['test/**/*.test.ts'],
            exclude: ['test/**/*.int.test.ts', 'test/**/*.restart.test.ts'],
            // The first test of a file may load a handler and the AWS SDK on a machine busy with the whole suite.
            testTimeout: 20_000,
            // Powertools writes to a Console of its own on process.stdout, out of vitest's reach
            // (see `silent` below), unless in its dev mode, where it writes through the global console.
            // Dev mode also turns metrics off; they stay on, as on Lambda.
            env: { POWERTOOLS_DEV: 'true', POWERTOOLS_METRICS_DISABLED: 'false' },
          },
        },
        {
          test: {
            name: 'integration',
            include: ['test/**/*.int.test.ts'],
            globalSetup: [globalSetup],
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          test: {
            name: 'restart',
            include: ['test/**/*.restart.test.ts'],
            testTimeout: 300_000,
          },
        },
      ],
    },
  });
