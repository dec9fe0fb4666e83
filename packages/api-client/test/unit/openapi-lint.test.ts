import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const document = fileURLToPath(new URL('../../../../resources/openapi.yaml', import.meta.url));

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string }>;
}

describe('resources/openapi.yaml', () => {
  it("passes Redocly's recommended rules: every operation declares its security, nothing is an error", async () => {
    const { stdout } = await run('pnpm', ['exec', 'redocly', 'lint', document, '--format=json'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    }).catch((failure: { stdout: string }) => failure);
    const report = JSON.parse(stdout) as LintReport;

    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(report.problems.map((problem) => problem.ruleId)).not.toContain('security-defined');
  }, 60_000);
});
