import { LambdaClient } from '@aws-sdk/client-lambda';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { listDeadLetters, redriveDeadLetter } from '@ecommerce/local-cloud';
import { parseArgs } from 'node:util';
import { deadLetterCommand, usage } from './command.js';
import { createSqsDeadLetterStore } from './sqs-store.js';

const main = async (): Promise<number> => {
  const { values, positionals } = parseArgs({
    options: {
      stage: { type: 'string', default: 'local' },
      region: { type: 'string', default: 'eu-west-1' },
      all: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const args = values.all ? [...positionals, '--all'] : positionals;
  const log = (line: string) => console.log(line);
  if (values.stage === 'local') return deadLetterCommand({ list: listDeadLetters, redrive: redriveDeadLetter }, args, log);
  const { region } = values;
  const clients = { sqs: new SQSClient({ region }), lambda: new LambdaClient({ region }), sns: new SNSClient({ region }) };
  return deadLetterCommand(createSqsDeadLetterStore({ stage: values.stage, clients }), args, log);
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dead-letters: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.message === usage) process.exit(2);
    process.exit(1);
  },
);
