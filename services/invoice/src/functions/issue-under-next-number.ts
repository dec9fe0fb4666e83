import type { IssueOutcome } from '../adapters/numbered-documents.js';

const maxAttempts = 20;

/**
 * Issues one numbered document (an invoice, a credit note) under the next free number of its
 * series, without a gap: `issue` stores it under `lastSequence + 1` or finds the number taken, and
 * then the next one is tried. Nothing is issued when `exists` says the document is there already.
 */
export const issueUnderNextNumber = async ({
  what,
  exists,
  lastSequence,
  issue,
  now,
}: {
  /** What is being issued, for the error when no number can be had. */
  what: string;
  exists: () => Promise<boolean>;
  lastSequence: (year: number) => Promise<number>;
  issue: (sequence: number, issuedAt: Date) => Promise<IssueOutcome>;
  now: () => Date;
}): Promise<void> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    if (await exists()) return;
    const issuedAt = now();
    const sequence = (await lastSequence(issuedAt.getUTCFullYear())) + 1;
    if ((await issue(sequence, issuedAt)) !== 'number-taken') return;
  }
  throw new Error(`no free number for ${what} after ${maxAttempts} attempts`);
};
