import { describe, expect, it } from 'vitest';
import type { IssueOutcome, LastIssued } from '../../src/adapters/numbered-documents.js';
import type { SeriesPlace } from '../../src/domain/numbering.js';
import { issueUnderNextNumber, retryLostNumbers, type RetryLostNumbers } from '../../src/use-cases/issue-under-next-number.js';

/**
 * One series as DynamoDB keeps it, with rivals that take the next `losses` numbers just before this
 * writer's transaction each time: what the writer read, what it tried, and how long it waited.
 */
const contendedSeries = ({ losses, tellsWinner = true }: { losses: number; tellsWinner?: boolean }) => {
  let last: LastIssued = { sequence: 41, issuedAt: '2026-06-01T00:00:00.000Z' };
  const tried: SeriesPlace[] = [];
  let reads = 0;
  let lost = 0;
  return {
    tried,
    reads: () => reads,
    last: () => last,
    lastIssued: async (): Promise<LastIssued> => {
      reads += 1;
      return last;
    },
    issue: async (place: SeriesPlace, issuedAt: Date): Promise<IssueOutcome> => {
      tried.push(place);
      if (lost < losses) {
        lost += 1;
        last = { sequence: last.sequence + 1, issuedAt: '2026-06-01T00:00:01.000Z' };
        return { numberTaken: tellsWinner ? last : undefined };
      }
      if (place.sequence !== last.sequence + 1) return { numberTaken: last };
      last = { sequence: place.sequence, issuedAt: issuedAt.toISOString() };
      return 'issued';
    },
  };
};

/** The retry of production, on a clock of its own: each wait moves it on, nothing really sleeps. */
const virtualRetry = (budgetMs: number) => {
  let clock = 0;
  const waits: number[] = [];
  const retry: RetryLostNumbers = retryLostNumbers(budgetMs, {
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  return { retry, waits };
};

const issueIn = (series: ReturnType<typeof contendedSeries>, retry: RetryLostNumbers) =>
  issueUnderNextNumber({
    what: 'the invoice of order ord-1',
    lastIssued: series.lastIssued,
    issue: series.issue,
    now: () => new Date('2026-06-01T00:00:00.500Z'),
    retry,
    letters: ['A', 'B', 'C'],
    random: () => 0.5,
  });

describe('issuing under the next number', () => {
  it('takes the next number of one series, read once', async () => {
    const series = contendedSeries({ losses: 0 });

    expect(await issueIn(series, virtualRetry(8_000).retry)).toBe(true);

    expect(series.tried).toEqual([{ letter: 'B', sequence: 42 }]);
    expect(series.reads()).toBe(1);
  });

  it('after losing a number tries the next, learnt from the failure, after a jittered wait that grows', async () => {
    const series = contendedSeries({ losses: 30 });
    const { retry, waits } = virtualRetry(8_000);

    expect(await issueIn(series, retry)).toBe(true);

    // Every try in the same series, each the number after the one that beat it; one read in all.
    expect(series.tried.map((place) => place.sequence)).toEqual(Array.from({ length: 31 }, (_, i) => 42 + i));
    expect(new Set(series.tried.map((place) => place.letter))).toEqual(new Set(['B']));
    expect(series.reads()).toBe(1);
    expect(series.last().sequence).toBe(72);
    expect(waits).toHaveLength(30);
    expect(waits.every((ms) => ms >= 0 && ms <= 25)).toBe(true);
    expect(waits.slice(0, 3).every((ms) => ms <= 8)).toBe(true);
    expect(new Set(waits).size).toBeGreaterThan(20);
  });

  it('reads the counter again when the failure did not say who won', async () => {
    const series = contendedSeries({ losses: 3, tellsWinner: false });

    expect(await issueIn(series, virtualRetry(8_000).retry)).toBe(true);

    expect(series.reads()).toBe(4);
    expect(series.last().sequence).toBe(45);
  });

  it("dates the document no earlier than its series' last", async () => {
    const series = contendedSeries({ losses: 1 });

    await issueIn(series, virtualRetry(8_000).retry);

    // The rival's clock stood at 00:00:01, this writer's at 00:00:00.5.
    expect(series.last().issuedAt).toBe('2026-06-01T00:00:01.000Z');
  });

  it("fails the invocation, to be delivered again, when it keeps losing until the invocation's time runs out", async () => {
    const series = contendedSeries({ losses: Number.POSITIVE_INFINITY });
    const { retry, waits } = virtualRetry(8_000);

    await expect(issueIn(series, retry)).rejects.toThrow(
      /no free number in series B for the invoice of order ord-1 in \d+ attempts, as long as it could try: it fails, to be delivered again/,
    );
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(8_000);
    expect(series.tried.length).toBeGreaterThan(20);
  });

  it('says it did not issue a document the transaction found there, and tries no other number', async () => {
    const series = contendedSeries({ losses: 0 });
    const tried: number[] = [];

    const found = await issueUnderNextNumber({
      what: 'x',
      lastIssued: series.lastIssued,
      issue: async ({ sequence }) => (tried.push(sequence), 'already-issued'),
      now: () => new Date(),
      retry: virtualRetry(8_000).retry,
    });

    expect(found).toBe(false);
    expect(tried).toEqual([42]);
  });

  it('rethrows what is not a lost number at once', async () => {
    const series = contendedSeries({ losses: 0 });
    const failing = { ...series, issue: async () => Promise.reject(new Error('DynamoDB is down')) };

    await expect(issueIn(failing, virtualRetry(8_000).retry)).rejects.toThrow('DynamoDB is down');
  });
});
