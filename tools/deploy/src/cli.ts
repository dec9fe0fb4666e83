import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deployStage, type Command, type PackagedService } from './deploy.js';

const usage = `usage: pnpm run deploy --stage <stage> [--region <region>] [--dry-run | --offline] [--alarm-email <address>] [--no-sample-data] [--adopt-tables]
       pnpm run deploy --stage <stage> --remove (--keep-data | --delete-data) [--region <region>] [--dry-run | --offline]
  --dry-run          package, print the plan and check the account (read-only calls); deploy or remove nothing
  --offline          package and print the plan only: no AWS call, no check of the account
  --alarm-email      subscribe this address to the stage's alarms
  --no-sample-data   leave a new stage's products table empty
  --adopt-tables     import tables kept by an earlier removal into their stacks, then deploy
  --remove           remove the stage's stacks, in the reverse order of the deploy
  --keep-data        on removal, keep the tables that hold business data (owned by no stack after)
  --delete-data      on removal, delete them and their data (refused on prod)`;

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
  const template = (stage: 'create' | 'update') =>
    JSON.parse(
      readFileSync(join(packageDir, `cloudformation-template-${stage}-stack.json`), 'utf8'),
    ) as PackagedService['template'];
  return {
    service,
    template: template('update'),
    coreTemplate: template('create'),
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
      offline: { type: 'boolean', default: false },
      'adopt-tables': { type: 'boolean', default: false },
      remove: { type: 'boolean', default: false },
      'keep-data': { type: 'boolean', default: false },
      'delete-data': { type: 'boolean', default: false },
    },
  });
  if (!values.stage || values.stage === 'local') {
    console.error(`${usage}\n(the local stage is pnpm dev's)`);
    return 2;
  }
  if (values['keep-data'] && values['delete-data']) {
    console.error(`${usage}\n(--keep-data or --delete-data, not both)`);
    return 2;
  }
  if ((values['keep-data'] || values['delete-data']) && !values.remove) {
    console.error(`${usage}\n(--keep-data and --delete-data go with --remove)`);
    return 2;
  }
  const region = values.region;
  let ssm: SSMClient | undefined;
  let sesv2: SESv2Client | undefined;
  let lambda: LambdaClient | undefined;
  let dynamodb: DynamoDBClient | undefined;
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
      offline: values.offline,
      remove: values.remove,
      data: values['keep-data'] ? 'keep' : values['delete-data'] ? 'delete' : 'undecided',
      adoptTables: values['adopt-tables'],
      loadSampleData: !values['no-sample-data'],
      ...(values['alarm-email'] ? { alarmEmail: values['alarm-email'] } : {}),
    },
    {
      run,
      readPackage,
      // Made on first use: an offline run makes none.
      get ssm() {
        return (ssm ??= new SSMClient({ region }));
      },
      get sesv2() {
        return (sesv2 ??= new SESv2Client({ region }));
      },
      get lambda() {
        return (lambda ??= new LambdaClient({ region }));
      },
      get dynamodb() {
        return (dynamodb ??= new DynamoDBClient({ region }));
      },
      get documents() {
        return (documents ??= DynamoDBDocumentClient.from(this.dynamodb));
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
    if ((error as { name?: string }).name === 'CredentialsProviderError') {
      console.error('deploy: no AWS credentials found; --offline prints the plan without any AWS call');
    }
    process.exit(1);
  },
);
