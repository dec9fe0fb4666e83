import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repositoryRoot } from './services.js';

const figuresFile = join(repositoryRoot, '.local-cloud', 'reliability-figures.jsonl');

/**
 * Prints a figure a test measured, and appends it to .local-cloud/reliability-figures.jsonl, so
 * that a run leaves its numbers behind for RELIABILITY.md.
 */
export const reportFigure = (guarantee: string, figures: Record<string, number | string>): void => {
  // Straight to stdout: the tests run with vitest's `silent: 'passed-only'`, which holds back the
  // console of a passing test, and a figure is worth seeing most when its test passes.
  process.stdout.write(
    `[figure] ${guarantee}: ${Object.entries(figures)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ')}\n`,
  );
  mkdirSync(dirname(figuresFile), { recursive: true });
  appendFileSync(figuresFile, `${JSON.stringify({ guarantee, ...figures, at: new Date().toISOString() })}\n`);
};
