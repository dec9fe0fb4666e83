import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetAccountCommand, GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { PackagedService } from './packaged.js';
import { commandToSet, missingParameters } from './parameters.js';
import { commandsToDelete, ownedByItsStack, retainedTables, tableExists, type RetainedTable } from './retained-tables.js';

/** What a check found: an error stops the deploy, a warning is printed and the deploy goes on. */
export interface Finding {
  severity: 'error' | 'warning';
  problem: string;
  /** What to do about it, one step a line. */
  fix: string[];
}

export interface PreflightClients {
  ssm: SSMClient;
  sesv2: SESv2Client;
  lambda: LambdaClient;
  dynamodb: DynamoDBClient;
  cloudformation: CloudFormationClient;
}

export interface PreflightInput {
  stage: string;
  region: string;
  stacks: PackagedService[];
  /** The SSM parameters the stage reads that no stack creates (the plan's deployerParameters). */
  deployerParameters: string[];
  /** Whether retained tables that no stack owns are to be imported into their stacks (--adopt-tables). */
  adoptTables: boolean;
}

export interface PreflightReport {
  findings: Finding[];
  /** Retained tables of an earlier removal that no stack owns: they block creating their stack. */
  orphanedTables: RetainedTable[];
}

const errorName = (error: unknown) => (error as { name?: string }).name;

const parameters = async ({ ssm }: PreflightClients, { region, deployerParameters }: PreflightInput): Promise<Finding[]> =>
  (await missingParameters(ssm, deployerParameters)).map((name) => ({
    severity: 'error',
    problem: `The parameter ${name} does not exist; the stage reads it.`,
    fix: [commandToSet(name, region)],
  }));

/** https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html */
const sesAccount = async ({ sesv2 }: PreflightClients, { region }: PreflightInput): Promise<Finding[]> => {
  const account = await sesv2.send(new GetAccountCommand({}));
  const findings: Finding[] = [];
  if (account.SendingEnabled === false) {
    findings.push({
      severity: 'error',
      problem: `SES sending is paused for this account in ${region} (enforcement status ${account.EnforcementStatus ?? 'unknown'}): no e-mail leaves.`,
      fix: [
        `See why in the SES console's reputation page, or: aws sesv2 get-account --region ${region}`,
        `Once resolved: aws sesv2 put-account-sending-attributes --region ${region} --sending-enabled`,
      ],
    });
  }
  if (!account.ProductionAccessEnabled) {
    const quota = account.SendQuota;
    findings.push({
      severity: 'warning',
      problem:
        `SES in ${region} is in its sandbox: it sends only to verified addresses, at most ${quota?.Max24HourSend ?? 200} a day ` +
        `and ${quota?.MaxSendRate ?? 1} a second, so every e-mail to a real customer is refused and dead-letters.`,
      fix: [
        `Ask for production access (AWS answers within a day): aws sesv2 put-account-details --region ${region} --production-access-enabled --mail-type TRANSACTIONAL --website-url https://<your shop> --contact-language EN`,
        'or in the SES console: https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html',
        `Until then, verify each address you test with: aws sesv2 create-email-identity --region ${region} --email-identity <address>`,
      ],
    });
  }
  return findings;
};

const emailIdentity = async (sesv2: SESv2Client, name: string) => {
  try {
    return await sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return undefined;
    throw error;
  }
};

/**
 * SES sends from an address only if it, or its domain, is an identity verified for sending.
 * https://docs.aws.amazon.com/ses/latest/dg/creating-identities.html
 */
const senderIdentity = async (
  { ssm, sesv2 }: PreflightClients,
  { region, deployerParameters }: PreflightInput,
): Promise<Finding[]> => {
  const parameter = deployerParameters.find((name) => name.endsWith('/email/sender'));
  if (!parameter) return [];
  let sender: string | undefined;
  try {
    sender = (await ssm.send(new GetParameterCommand({ Name: parameter }))).Parameter?.Value;
  } catch (error) {
    // The check of the parameters names it.
    if (errorName(error) === 'ParameterNotFound') return [];
    throw error;
  }
  if (!sender) return [];
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  // A verified domain covers every address of it, even one whose own identity waits.
  const identities = (await Promise.all([sender, domain].map((name) => emailIdentity(sesv2, name)))).filter(
    (identity) => identity !== undefined,
  );
  if (identities.some((identity) => identity.VerifiedForSendingStatus)) return [];
  const identity = identities[0];
  if (identity) {
    return [
      {
        severity: 'error',
        problem: `The sender ${sender} (${parameter}) is an SES identity in ${region} that is not verified for sending (${identity.VerificationStatus ?? 'not verified'}): every e-mail would be refused.`,
        fix:
          identity.IdentityType === 'DOMAIN'
            ? [
                `Publish the domain's DKIM records: a CNAME <token>._domainkey.${domain} -> <token>.dkim.amazonses.com for each token of`,
                `  aws sesv2 get-email-identity --region ${region} --email-identity ${domain} --query DkimAttributes.Tokens`,
              ]
            : [
                `Open the link SES mailed to ${sender}; to have it mailed again, delete the identity and create it anew:`,
                `  aws sesv2 delete-email-identity --region ${region} --email-identity ${sender}`,
                `  aws sesv2 create-email-identity --region ${region} --email-identity ${sender}`,
              ],
      },
    ];
  }
  return [
    {
      severity: 'error',
      problem: `The sender ${sender} (${parameter}) is no SES identity in ${region}, nor is its domain: SES refuses to send from it.`,
      fix: [
        `Verify the address (SES mails it a link): aws sesv2 create-email-identity --region ${region} --email-identity ${sender}`,
        `or the whole domain (then publish the DKIM records it returns): aws sesv2 create-email-identity --region ${region} --email-identity ${domain}`,
      ],
    },
  ];
};

/** Lambda's quota of concurrent executions in a Region: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
const concurrencyQuotaCode = 'L-B99A9384';
const defaultAccountConcurrency = 1000;
const keptUnreserved = 100;

/**
 * What the stage's functions reserve must fit in what the account leaves unreserved, and Lambda
 * keeps 100 of the account's concurrency unreserved for the other functions ("You can reserve up
 * to the Unreserved account concurrency value minus 100"), so an account whose quota is 100 or less,
 * as some new ones get, can reserve nothing.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
 */
const lambdaConcurrency = async ({ lambda }: PreflightClients, { region, stacks }: PreflightInput): Promise<Finding[]> => {
  const reserving = stacks.flatMap(({ template }) =>
    Object.values(template.Resources).flatMap((resource) => {
      const reserved = resource.Properties?.['ReservedConcurrentExecutions'];
      const name = resource.Properties?.['FunctionName'];
      return resource.Type === 'AWS::Lambda::Function' && typeof reserved === 'number' && typeof name === 'string'
        ? [{ name, reserved }]
        : [];
    }),
  );
  const { AccountLimit } = await lambda.send(new GetAccountSettingsCommand({}));
  const limit = AccountLimit?.ConcurrentExecutions ?? 0;
  const unreserved = AccountLimit?.UnreservedConcurrentExecutions ?? 0;
  const wanted = reserving.reduce((sum, { reserved }) => sum + reserved, 0);
  // A redeploy: what the stage's functions reserve today is already out of the unreserved pool.
  let reservedNow = 0;
  for (const { name } of reserving) {
    try {
      reservedNow +=
        (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name }))).ReservedConcurrentExecutions ?? 0;
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
    }
  }
  const spare = unreserved + reservedNow - keptUnreserved;
  const reservable = Math.max(0, spare);
  const request = (value: number) =>
    `aws service-quotas request-service-quota-increase --region ${region} --service-code lambda --quota-code ${concurrencyQuotaCode} --desired-value ${value}`;
  if (wanted > reservable) {
    return [
      {
        severity: 'error',
        problem:
          `The stage reserves ${wanted} concurrent executions (${reserving.map(({ name, reserved }) => `${name} ${reserved}`).join(', ')}), ` +
          `but the account in ${region} runs at most ${limit}, ${unreserved} of them unreserved, and Lambda keeps ${keptUnreserved} unreserved: ` +
          `${reservable} can be reserved, and the deploy would fail on the first function over it.`,
        fix: [
          `Ask for a higher quota: ${request(limit + wanted - spare)}`,
          'or lower the reservedConcurrency of those functions.',
        ],
      },
    ];
  }
  if (limit < defaultAccountConcurrency) {
    return [
      {
        severity: 'warning',
        problem:
          `Lambda runs at most ${limit} functions at once in ${region} for this account (the default quota is ${defaultAccountConcurrency}; ` +
          'new accounts may start lower): a burst of orders is throttled and waits in Lambda’s queues.',
        fix: [`Ask for the default: ${request(defaultAccountConcurrency)}`],
      },
    ];
  }
  return [];
};

/**
 * A table retained by an earlier removal still holds its name, so creating its stack fails
 * ("already exists") until the table is imported into the stack or deleted.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resource-import.html
 */
const orphanedTables = async ({ dynamodb, cloudformation }: PreflightClients, { stacks }: PreflightInput) => {
  const orphans: RetainedTable[] = [];
  for (const table of retainedTables(stacks)) {
    if ((await tableExists(dynamodb, table.tableName)) && !(await ownedByItsStack(cloudformation, table))) orphans.push(table);
  }
  return orphans;
};

/**
 * What a new account, or a stage removed before, trips on, checked before anything is deployed
 * with read-only calls: the parameters the deployer sets, SES (sandbox, sending paused, the
 * sender's identity), Lambda's concurrency quota against what the stage reserves, and retained
 * tables that no stack owns.
 */
export const preflight = async (clients: PreflightClients, input: PreflightInput): Promise<PreflightReport> => {
  const findings = [
    ...(await parameters(clients, input)),
    ...(await sesAccount(clients, input)),
    ...(await senderIdentity(clients, input)),
    ...(await lambdaConcurrency(clients, input)),
  ];
  const orphans = await orphanedTables(clients, input);
  if (orphans.length > 0 && !input.adoptTables) {
    findings.push({
      severity: 'error',
      problem:
        `${orphans.map(({ tableName }) => tableName).join(', ')} exist(s), kept by an earlier removal of stage ${input.stage}, ` +
        'and no stack owns them: creating their stack would fail, as the name is taken.',
      fix: [
        `Keep the data: pnpm run deploy --stage ${input.stage} --region ${input.region} --adopt-tables (imports each into its stack, then deploys)`,
        'or, if the data is not wanted, delete each table:',
        ...orphans.flatMap(({ tableName }) => commandsToDelete(tableName, input.region).map((command) => `  ${command}`)),
      ],
    });
  }
  return { findings, orphanedTables: orphans };
};

/** Each finding as the deployer reads it: what is wrong, then how to fix it. */
export const describeFindings = (findings: Finding[]): string[] =>
  findings.flatMap(({ severity, problem, fix }) => [
    `${severity === 'error' ? 'ERROR  ' : 'WARNING'} ${problem}`,
    ...fix.map((step) => `        ${step}`),
  ]);
