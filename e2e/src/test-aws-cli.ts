import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SSMClient } from '@aws-sdk/client-ssm';
import { testStage, type StageRunTools } from './aws-target.js';
import { dryRunAnswers, printingClient } from './dry-run.js';
import { targetVariable } from './target.js';

const usage = `usage: pnpm test:aws --stage <stage> [--region <region>] [--dry-run]
  runs the end-to-end tests whose needs a deployed stage meets, against that stage (never prod)
  --dry-run   print every AWS call it would make and which test files run or are skipped; no call`;

const e2eDirectory = fileURLToPath(new URL('../', import.meta.url));
const testDirectory = fileURLToPath(new URL('../test/', import.meta.url));

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: {
      stage: { type: 'string' },
      region: { type: 'string', default: process.env['AWS_REGION'] ?? 'eu-west-1' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.stage) {
    console.error(usage);
    return 2;
  }
  const { stage, region } = values;
  const log = (line: string) => console.log(line);
  const options = { stage, region, testDirectory };

  if (values['dry-run']) {
    const answers = dryRunAnswers();
    log(`Dry run against stage ${stage} (${region}): the AWS calls below are printed, not made; their answers are placeholders.`);
    const tools = {
      ssm: printingClient('SSM', log, answers.ssm),
      cloudformation: printingClient('CloudFormation', log, answers.cloudformation),
      cognito: printingClient('Cognito', log, answers.cognito),
      log,
      runTests: async () => {
        log(`Then: vitest run --project aws, in ${e2eDirectory}, with the resolved target in ${targetVariable};`);
        log('each test that needs a customer creates one as the operator was (AdminCreateUser, AdminSetUserPassword)');
        log('and signs in with InitiateAuth USER_PASSWORD_AUTH; the run removes them all after (ListUsers, AdminDeleteUser).');
        return 0;
      },
    } as unknown as StageRunTools;
    return testStage(options, tools);
  }

  return testStage(options, {
    ssm: new SSMClient({ region }),
    cloudformation: new CloudFormationClient({ region }),
    cognito: new CognitoIdentityProviderClient({ region }),
    log,
    runTests: (target) =>
      new Promise((resolve) => {
        // Ctrl-C stops vitest (it gets the signal too) but not this process, which still removes the run's users.
        const stay = () => log('Stopping the tests; the test users are removed next.');
        process.on('SIGINT', stay);
        const child = spawn('pnpm', ['exec', 'vitest', 'run', '--project', 'aws'], {
          cwd: e2eDirectory,
          stdio: 'inherit',
          env: { ...process.env, AWS_REGION: region, [targetVariable]: JSON.stringify(target) },
        });
        const done = (code: number) => (process.off('SIGINT', stay), resolve(code));
        child.once('error', () => done(127));
        child.once('exit', (code) => done(code ?? 1));
      }),
  });
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:aws: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
