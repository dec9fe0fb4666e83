import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deployStage, type Command, type PackagedService } from './deploy.js';

const usage = `usage: pnpm run deploy --stage <stage> [--region <region>] [--dry-run] [--alarm-email <address>] [--no-sample-data]
  --dry-run          package and print the plan (services in order, the command for each); no AWS call
  --alarm-email      subscribe this address to the stage's alarms
  --no-sample-data   leave a new stage's products table empty`;

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs a command with each line of its output after its label, as the local cloud prints its parts. */
const run = ({ label, cwd, args }: Command): Promise<number> =>
  new Promise((resolve) => {
    const child = spawn(args[0]!, args.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`${label.padEnd(10)}| ${line}`));
    }
    child.once('error', (error) => {
      console.error(`${label}: could not run ${args[0]}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });

const readPackage = (service: string, packageDir: string): PackagedService => {
  const state = JSON.parse(readFileSync(join(packageDir, 'serverless-state.json'), 'utf8')) as {
    service: {
      service: string;
      provider: { stage: string; stackName?: string };
      custom?: { localCloud?: { seed?: PackagedService['seeds'] } };
    };
  };
  return {
    service,
    template: JSON.parse(
      readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as PackagedService['template'],
    stackName: state.service.provider.stackName ?? `${state.service.service}-${state.service.provider.stage}`,
    seeds: state.service.custom?.localCloud?.seed ?? [],
  };
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      region: { type: 'string', default: 'eu-west-1' },
      'dry-run': { type: 'boolean', default: false },
      'alarm-email': { type: 'string' },
      'no-sample-data': { type: 'boolean', default: false },
    },
  });
  if (!values.stage || values.stage === 'local') {
    console.error(`${usage}\n(the local stage is pnpm dev's)`);
    return 2;
  }
  const region = values.region;
  let ssm: SSMClient | undefined;
  let documents: DynamoDBDocumentClient | undefined;
  let cloudformation: CloudFormationClient | undefined;
  const servicesDir = join(repositoryRoot, 'services');
  return deployStage(
    {
      stage: values.stage,
      region,
      repositoryRoot,
      services: readdirSync(servicesDir).filter((name) => existsSync(join(servicesDir, name, 'serverless.yml'))),
      sandboxes: ['carrier-sandbox'],
      dryRun: values['dry-run'],
      loadSampleData: !values['no-sample-data'],
      ...(values['alarm-email'] ? { alarmEmail: values['alarm-email'] } : {}),
    },
    {
      run,
      readPackage,
      // Made on first use: a dry run makes none.
      get ssm() {
        return (ssm ??= new SSMClient({ region }));
      },
      get documents() {
        return (documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({ region })));
      },
      get cloudformation() {
        return (cloudformation ??= new CloudFormationClient({ region }));
      },
      log: (line) => console.log(line),
    },
  );
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`deploy: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
