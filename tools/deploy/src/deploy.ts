import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sampleData } from '@ecommerce/local-cloud/sample-data';
import { join, relative } from 'node:path';
import { adoptTables } from './adopt-tables.js';
import type { Command, PackagedService } from './packaged.js';
import { planStage } from './plan.js';
import { describeFindings, preflight, type PreflightClients } from './preflight.js';
import { removeStage, type RetainedData } from './removal.js';
import { loadIntoEmptyTable } from './sample-data.js';

export type { Command, PackagedService } from './packaged.js';

export interface DeployTools extends PreflightClients {
  /** Runs a command to its end; its exit code. */
  run(command: Command): Promise<number>;
  readPackage(service: string, packageDir: string): PackagedService;
  documents: DynamoDBDocumentClient;
  log(line: string): void;
}

export interface DeployOptions {
  stage: string;
  region: string;
  repositoryRoot: string;
  /** The folders under services/ to deploy. */
  services: string[];
  /**
   * Stand-ins under tools/ (the carrier sandbox) that deploy with the services on every stage but
   * prod, where the services read them in place of the real thing.
   */
  sandboxes?: string[];
  /** Package, plan and check (read-only calls), then stop. */
  dryRun: boolean;
  /** Package and plan, with no AWS call at all (this machine has no account). */
  offline: boolean;
  /** Remove the stage instead, in the reverse order. */
  remove: boolean;
  /** On removal, what becomes of the retained tables. */
  data: RetainedData;
  /** Import retained tables that no stack owns into their stacks before deploying. */
  adoptTables: boolean;
  /** Whether a new stage's empty tables get the services' sample data (never on prod). */
  loadSampleData: boolean;
  /** Who platform subscribes to the alarm topic by e-mail. */
  alarmEmail?: string;
}

const inBatchesOf = async <T, R>(size: number, items: T[], work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
};

/**
 * `pnpm run deploy`: packages every service for the stage, plans the order from the packaged
 * templates, checks what would make the deploy fail or the stage misbehave (preflight.ts), then
 * deploys exactly what it packaged, wave by wave, loads sample data into a new stage, and prints
 * the API URLs. With `dryRun` it stops after the checks, which only read; `offline` stops after
 * the plan, with no AWS call. With `remove` it removes the stage instead (removal.ts). Its exit code.
 */
export const deployStage = async (options: DeployOptions, tools: DeployTools): Promise<number> => {
  const { stage, region, repositoryRoot, alarmEmail } = options;
  const sandboxes = stage === 'prod' ? [] : (options.sandboxes ?? []);
  const services = [...options.services, ...sandboxes];
  const serviceDir = (service: string) => join(repositoryRoot, sandboxes.includes(service) ? 'tools' : 'services', service);
  const packageDir = (service: string) => join(repositoryRoot, '.deploy', stage, service);
  // A removal reads the stack's name from the service's configuration; it has no package to use.
  const sls = (service: string, verb: string, ...extra: string[]): Command => ({
    label: service,
    cwd: serviceDir(service),
    args: [
      'pnpm',
      'exec',
      'sls',
      verb,
      '--stage',
      stage,
      '--region',
      region,
      ...(verb === 'remove' ? [] : ['--package', relative(serviceDir(service), packageDir(service))]),
      ...extra,
    ],
  });
  // The condition of platform's e-mail subscription is decided when it is packaged.
  const packageCommand = (service: string) =>
    sls(service, 'package', ...(alarmEmail && service === 'platform' ? ['--param', `alarmEmail=${alarmEmail}`] : []));

  tools.log(`Packaging ${services.join(', ')} for stage ${stage} (${region})...`);
  const packaged = await inBatchesOf(2, services, async (service) => ({
    service,
    code: await tools.run(packageCommand(service)),
  }));
  const unpackaged = packaged.filter(({ code }) => code !== 0).map(({ service }) => service);
  if (unpackaged.length > 0) {
    tools.log(`Could not package ${unpackaged.join(', ')}: nothing deployed.`);
    return 1;
  }
  const stacks = services.map((service) => tools.readPackage(service, packageDir(service)));
  const plan = planStage(stacks, stage);
  if (options.remove) {
    return removeStage({ ...options, stacks, plan, removeCommand: (service) => sls(service, 'remove') }, tools);
  }
  const samples = (options.loadSampleData && stage !== 'prod' ? stacks : []).flatMap((stack) =>
    sampleData({ seeds: stack.seeds, resources: stack.template.Resources, serviceDir: serviceDir(stack.service) }).map(
      (sample) => ({ service: stack.service, ...sample }),
    ),
  );

  tools.log(`\nDeploying stage ${stage} to ${region} in this order, from the cross-stack references of the packaged templates:`);
  plan.waves.forEach((wave, index) => {
    const after = [...new Set(wave.flatMap((service) => plan.dependsOn[service]!))].sort();
    tools.log(
      `  ${index + 1}. ${wave.join(', ')}${wave.length > 1 ? ', at once' : ''}${after.length > 0 ? ` (after ${after.join(', ')})` : ''}`,
    );
    for (const service of wave) {
      const { cwd, args } = sls(service, 'deploy');
      tools.log(`       cd ${relative(repositoryRoot, cwd)} && ${args.join(' ')}`);
    }
  });
  tools.log(`First, the parameters the deployer sets must exist: ${plan.deployerParameters.join(', ') || 'none'}.`);
  for (const { service, file, tableName } of samples) {
    tools.log(`Then the sample data of ${service} (${file}) goes into ${tableName} if that table is empty.`);
  }
  if (options.offline) {
    tools.log(
      '\nOffline: no AWS call made, so the checks of the account (parameters, SES, Lambda concurrency, retained tables) did not run.',
    );
    return 0;
  }

  tools.log(`\nChecking the account in ${region} (read-only)...`);
  const { findings, orphanedTables } = await preflight(tools, {
    stage,
    region,
    stacks,
    deployerParameters: plan.deployerParameters,
    adoptTables: options.adoptTables,
  });
  for (const line of describeFindings(findings)) tools.log(line);
  const errors = findings.filter(({ severity }) => severity === 'error').length;
  if (findings.length === 0) tools.log('Nothing found that would stop the deploy.');
  if (orphanedTables.length > 0) {
    tools.log(
      `${options.dryRun ? 'Would import' : 'Importing'} ${orphanedTables.map(({ tableName }) => tableName).join(', ')} into their stacks first.`,
    );
  }
  if (errors > 0) {
    tools.log(`\n${errors} problem(s) to fix first; nothing deployed.`);
    return 1;
  }
  if (options.dryRun) return 0;

  if (orphanedTables.length > 0) await adoptTables(tools.cloudformation, stacks, orphanedTables, tools.log);

  for (const wave of plan.waves) {
    const codes = await Promise.all(wave.map((service) => tools.run(sls(service, 'deploy'))));
    const failed = wave.filter((_, index) => codes[index] !== 0);
    if (failed.length > 0) {
      tools.log(`\n${failed.join(', ')} failed to deploy; what depends on it was not deployed.`);
      return 1;
    }
    for (const { tableName, file, items } of samples.filter(({ service }) => wave.includes(service))) {
      const loaded = await loadIntoEmptyTable(tools.documents, tableName, items);
      tools.log(
        loaded
          ? `Loaded ${items.length} items of ${file} into ${tableName}.`
          : `${tableName} has items already: ${file} not loaded.`,
      );
    }
  }

  tools.log(`\nStage ${stage} is deployed. Its APIs:`);
  for (const stack of stacks) {
    const { Stacks = [] } = await tools.cloudformation.send(new DescribeStacksCommand({ StackName: stack.stackName }));
    const endpoint = Stacks[0]?.Outputs?.find((output) => output.OutputKey === 'ServiceEndpoint')?.OutputValue;
    if (endpoint) tools.log(`  ${stack.service.padEnd(10)} ${endpoint}`);
  }
  return 0;
};
