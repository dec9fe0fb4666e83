import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const reportFile = fileURLToPath(new URL('../../.local-cloud/reliability-figures.jsonl', import.meta.url));

/** Prints a measured figure and keeps it in .local-cloud/reliability-figures.jsonl for RELIABILITY.md. */
export const report = (guarantee: string, figures: Record<string, number | string>): void => {
  const line = { guarantee, ...figures, at: new Date().toISOString() };
  console.log(
    `[figure] ${guarantee}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  mkdirSync(fileURLToPath(new URL('../../.local-cloud/', import.meta.url)), { recursive: true });
  appendFileSync(reportFile, `${JSON.stringify(line)}\n`);
};
