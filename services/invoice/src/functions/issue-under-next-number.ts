import type { IssueOutcome } from '../adapters/numbered-documents.js';

const maxAttempts = 20;

/**
 * Issues one numbered document (an invoice, a credit note) under the next free number of its
 * series, without a gap: `issue` stores it under `lastSequence + 1` or finds the number taken, and
 * then the next one is tried. Nothing is issued when `exists` says the document is there already.
 * True when this call issued it, so that it is counted once however often its cause is delivered.
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
}): Promise<boolean> => {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    if (await exists()) return false;
    const issuedAt = now();
    const sequence = (await lastSequence(issuedAt.getUTCFullYear())) + 1;
    const outcome = await issue(sequence, issuedAt);
    if (outcome !== 'number-taken') return outcome === 'issued';
  }
  throw new Error(`no free number for ${what} after ${maxAttempts} attempts`);
};
