import { retryTransient } from '@ecommerce/lambda-kit';
import type { IssueOutcome, LastIssued } from '../adapters/numbered-documents.js';
import { issueTime, seriesLetters, type SeriesPlace } from '../domain/numbering.js';

/** Another document took the number this writer tried: it tries the next. */
export class NumberTakenError extends Error {
  constructor(what: string) {
    super(`another document took the number that ${what} tried`);
    this.name = 'NumberTakenError';
  }
}

/** Runs `attempt` again for every NumberTakenError it throws, as long as it may; then throws. */
export type RetryLostNumbers = <T>(attempt: (attemptNumber: number) => Promise<T>) => Promise<T>;

/**
 * A writer that lost a number tries the next one, after a short wait with full jitter so that the
 * losers of one number do not meet again on the next (first wait under 2 ms, doubling to at most
 * 25 ms: the loser knows the number to try, and a longer wait would only let writers that came
 * later take it first), for as long as `budgetMs` lasts: the invocation's remaining time less a reserve for
 * publishing. Then the last NumberTakenError is thrown and the invocation fails, to be delivered
 * again: contention delays a document, it never loses one.
 */
export const retryLostNumbers =
  (budgetMs: number, options: { sleep?: (ms: number) => Promise<void>; now?: () => number } = {}): RetryLostNumbers =>
  (attempt) =>
    retryTransient(attempt, {
      isTransient: (error) => error instanceof NumberTakenError,
      budgetMs,
      firstDelayMs: 2,
      maxDelayMs: 25,
      ...options,
    });

/**
 * Issues one numbered document (an invoice, a credit note) under the next free number of a series,
 * without a gap: it takes one of `letters` at random and stays in that series, and `issue` stores
 * the document under the series' last number + 1 or finds the number taken, and then the next one
 * is tried. Nothing is issued when `issue` finds the document there already: its transaction is
 * conditioned on that too, so a first delivery, by far the most common, reads nothing before it (a
 * repeated one pays a read of the counter and a failed transaction instead of a read). True when
 * this call issued it, so that it is counted once however often its cause is delivered.
 */
export const issueUnderNextNumber = async ({
  what,
  lastIssued,
  issue,
  now,
  retry,
  letters = seriesLetters,
  random = Math.random,
}: {
  /** What is being issued, for the error when no number can be had. */
  what: string;
  lastIssued: (year: number, letter: string) => Promise<LastIssued>;
  issue: (place: SeriesPlace, issuedAt: Date) => Promise<IssueOutcome>;
  now: () => Date;
  retry: RetryLostNumbers;
  letters?: readonly string[];
  random?: () => number;
}): Promise<boolean> => {
  const letter = letters[Math.floor(random() * letters.length)]!;
  // What this writer knows of its series, from its read or from the transaction that failed.
  let known: { year: number; last: LastIssued } | undefined;
  let attempts = 0;
  const outcome = await retry(async () => {
    attempts += 1;
    const at = now();
    const year = at.getUTCFullYear();
    if (known?.year !== year) known = { year, last: await lastIssued(year, letter) };
    const result = await issue({ letter, sequence: known.last.sequence + 1 }, issueTime(at, known.last.issuedAt));
    if (typeof result === 'string') return result;
    known = result.numberTaken && { year, last: result.numberTaken };
    throw new NumberTakenError(what);
  }).catch((error: unknown) => {
    if (!(error instanceof NumberTakenError)) throw error;
    throw new Error(
      `no free number in series ${letter} for ${what} in ${attempts} attempts, as long as it could try: ` +
        'it fails, to be delivered again',
      { cause: error },
    );
  });
  return outcome === 'issued';
};
