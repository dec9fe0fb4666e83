import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';

/**
 * A table as a service's serverless.yml defines it (keys and indexes), under a name of the run's
 * own: a benchmark then measures the real shape, and what it leaves behind reaches no service.
 */
export const serviceTableInput = (service: string, logicalId: string, tableName: string): CreateTableCommandInput => {
  const template = parse(
    readFileSync(fileURLToPath(new URL(`../../../services/${service}/serverless.yml`, import.meta.url)), 'utf8'),
  );
  const { KeySchema, AttributeDefinitions, GlobalSecondaryIndexes } = template.resources.Resources[logicalId].Properties;
  return { TableName: tableName, BillingMode: 'PAY_PER_REQUEST', KeySchema, AttributeDefinitions, GlobalSecondaryIndexes };
};

/** A whole-number command-line option, `--<name> <n>`, or its fallback. */
export const wholeNumberOption = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number, 1 or more`);
  return value;
};
