import { fileURLToPath } from 'node:url';
import { configDefaults } from 'vitest/config';
import { defineTestConfig } from '@ecommerce/local-cloud/vitest';
import { awsCapabilities } from './src/aws-target.js';
import { planTestFiles } from './src/needs.js';

const local = defineTestConfig();
const testDirectory = fileURLToPath(new URL('./test/', import.meta.url));
/**
 * The test that SIGKILLs services runs on a local cloud of its own, after the others (`pnpm test`):
 * beside them, its kills reach their orders too, whose webhooks then wait out the senders' backoff.
 */
const killsServices = 'test/crashes.int.test.ts';
// The shared projects are objects here (defineTestConfig), never the names of config files.
const sharedProjects = (local.test?.projects ?? []) as Array<{ test?: { name?: string; exclude?: string[] } }>;
const integration = sharedProjects.find((project) => project.test?.name === 'integration')!;

/**
 * Besides the shared unit and integration projects, `aws`: the end-to-end tests against a deployed
 * stage, started by `pnpm test:aws --stage <stage>` (src/test-aws-cli.ts), which resolves the
 * target and hands it over in the environment. A file that needs a lever the stage lacks is not loaded.
 */
export default {
  ...local,
  test: {
    ...local.test,
    projects: [
      ...sharedProjects.map((project) =>
        project === integration
          ? { ...project, test: { ...project.test, exclude: [...configDefaults.exclude, killsServices] } }
          : project,
      ),
      { ...integration, test: { ...integration.test, name: 'isolated', include: [killsServices] } },
      {
        test: {
          name: 'aws',
          include: ['test/**/*.int.test.ts'],
          exclude: (({ skip, undeclared }) => [...skip, ...undeclared].map(({ file }) => `test/${file}`))(
            planTestFiles({ capabilities: awsCapabilities }, testDirectory),
          ),
          globalSetup: ['./src/aws-global-setup.ts'],
          // A deployed stage answers over the internet, and a cold Lambda takes its time.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
};
