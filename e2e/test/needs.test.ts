import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { allCapabilities, type Capability } from '../src/capabilities.js';
import { awsCapabilities } from '../src/aws-target.js';
import { declaredNeeds, declaredTestNeeds, needs, planTestFiles } from '../src/needs.js';
import { localTarget, targetVariable } from '../src/target.js';

const testDirectory = new URL('./', import.meta.url);
const testFiles = readdirSync(testDirectory).filter((name) => name.endsWith('.int.test.ts'));
const source = (file: string) => readFileSync(new URL(file, testDirectory), 'utf8');

/** How each lever shows in a test file's source: a file that pulls one must declare it. */
const leverUses: Partial<Record<Capability, RegExp>> = {
  'local-issuer': /uniqueCustomer\(|\bsignIn\(|localCloud\.issuer|`cust-\$\{randomUUID\(\)\}`/,
  'sns-hub': /PublishCommand|publishPoisonMessage|orderEventsTopicArn/,
  'lambda-invoke': /deliverNow\(/,
  mailbox: /127\.0\.0\.1:8005/,
  'event-journal': /\bjournal\(|waitForEvent\(|eventsOf\(/,
  tables: /storedOrdersOf\(/,
  'payment-ledger': /moneyOf\(|127\.0\.0\.1:3010/,
  'payment-sandbox-cards': /pm_card_slowProvider|pm_card_transientFailure|pm_sepaDebit/,
  'payment-authentication': /authenticatePayment\(/,
  'payment-webhooks': /postPaymentWebhook\(/,
  'carrier-sandbox': /bookingsOf\(|collectNow\(|127\.0\.0\.1:3011|'Carrier Down'|'Nobody Home'|'AQ'|'SLOW 3S'/,
  'carrier-webhook-secret': /carrierWebhook\(/,
  'local-logs': /metricTotals?\(|jsonLines\(|logDirectory/,
  'dead-letters': /listDeadLetters\(|redriveDeadLetter\(/,
  'kill-processes': /recordedProcessOf\(/,
};

describe('the needs of each end-to-end test file', () => {
  it.each(testFiles)('%s declares every lever it pulls, for the file or for the test that pulls it', (file) => {
    const pulled = Object.entries(leverUses)
      .filter(([, use]) => use.test(source(file)))
      .map(([capability]) => capability);
    const declared = [
      ...declaredNeeds(source(file), file),
      ...declaredTestNeeds(source(file), file).flatMap(({ needs }) => needs),
    ];

    expect(declared).toEqual(expect.arrayContaining(pulled));
  });

  it('are read from the one top-level needs(...) statement of a file', () => {
    expect(declaredNeeds("import x;\nneeds('mailbox', 'tables');\ndescribe()")).toEqual(['mailbox', 'tables']);
    expect(declaredNeeds('needs();\n')).toEqual([]);
    expect(() => declaredNeeds("describe('no declaration')", 'a.int.test.ts')).toThrow(
      /a.int.test.ts must declare its needs once/,
    );
    expect(() => declaredNeeds("needs('mailbox');\nneeds('tables');\n")).toThrow(/found 2/);
    expect(() => declaredNeeds("needs('sms-hub');\n", 'b.int.test.ts')).toThrow(
      'b.int.test.ts needs an unknown capability: sms-hub',
    );
  });
});

describe('which test files a target runs', () => {
  it('locally: every file, since the local cloud has every lever', () => {
    expect(localTarget.capabilities).toEqual(allCapabilities);
    expect(planTestFiles(localTarget, testDirectory.pathname)).toEqual({
      run: [...testFiles].sort(),
      skip: [],
      skipTests: [],
      undeclared: [],
    });
  });

  it('on AWS: the files whose needs a stage meets; each other file is skipped with the capabilities it lacks', () => {
    const plan = planTestFiles({ capabilities: awsCapabilities }, testDirectory.pathname);

    expect(plan.run).toEqual(expect.arrayContaining(['place-order.int.test.ts', 'products.int.test.ts', 'sign-in.int.test.ts']));
    expect(plan.skipTests).toContainEqual({
      file: 'place-order.int.test.ts',
      test: 'persists the order, as the table shows',
      missing: ['tables', 'event-journal'],
    });
    expect(plan.skip).toContainEqual({
      file: 'poison-messages.int.test.ts',
      missing: ['local-issuer', 'sns-hub', 'dead-letters'],
    });
    expect(plan.skip).toContainEqual({ file: 'operating.int.test.ts', missing: ['local-issuer', 'local-logs'] });
    expect(plan.skip.find(({ file }) => file === 'saga.int.test.ts')?.missing).toContain('mailbox');
    expect([...plan.run, ...plan.skip.map(({ file }) => file)].sort()).toEqual([...testFiles].sort());
    for (const { missing } of plan.skip) expect(missing.some((capability) => awsCapabilities.includes(capability))).toBe(false);
  });
});

describe('needs(...) at the top of a test file', () => {
  const onAws = JSON.stringify({ ...localTarget, kind: 'aws', capabilities: awsCapabilities });

  it('lets the file run where the target has every lever it names', () => {
    vi.stubEnv(targetVariable, onAws);
    expect(() => needs('carrier-sandbox', 'payment-ledger')).not.toThrow();
    vi.unstubAllEnvs();
    expect(() => needs(...allCapabilities)).not.toThrow();
  });

  it('refuses to run a file, naming what the target lacks, should it be loaded where a lever is missing', () => {
    vi.stubEnv(targetVariable, onAws);

    expect(() => needs('carrier-sandbox', 'mailbox', 'sns-hub')).toThrow(
      'this test file needs mailbox, sns-hub, which the aws target lacks',
    );
    vi.unstubAllEnvs();
  });
});
