// @ts-check
// Plain JavaScript: vitest loads its config with Node, which cannot import TypeScript from a
// workspace package.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const globalSetup = fileURLToPath(new URL('./src/global-setup.ts', import.meta.url));

/**
 * The test layout every package shares: `*.test.ts` are unit tests (no I/O, fast);
 * `*.int.test.ts` run against the local cloud, which is started for the run or reused.
 */
export const defineTestConfig = () =>
  defineConfig({
    test: {
      projects: [
        {
          test: {
            name: 'unit',
            include: ['test/**/*.test.ts'],
            exclude: ['test/**/*.int.test.ts'],
          },
        },
        {
          test: {
            name: 'integration',
            include: ['test/**/*.int.test.ts'],
            globalSetup: [globalSetup],
            testTimeout: 30_000,
            hookTimeout: 30_000,
          },
        },
      ],
    },
  });
