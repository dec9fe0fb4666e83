import { describe, expect, it } from 'vitest';
import { retryTransient } from '../../src/retry.js';

class Transient extends Error {}

const clock = () => {
  let time = 0;
  return { now: () => time, sleep: async (ms: number) => void (time += ms) };
};

describe('retryTransient', () => {
  it('retries transient failures until the attempt succeeds, numbering each try', async () => {
    const tries: number[] = [];

    const result = await retryTransient(
      async (n) => {
        tries.push(n);
        if (n < 3) throw new Transient('503');
        return 'charged';
      },
      { isTransient: (e) => e instanceof Transient, budgetMs: 10_000, ...clock() },
    );

    expect(result).toBe('charged');
    expect(tries).toEqual([1, 2, 3]);
  });

  it('never retries a failure that is not transient', async () => {
    let tries = 0;

    await expect(
      retryTransient(
        async () => {
          tries += 1;
          throw new Error('card declined');
        },
        { isTransient: (e) => e instanceof Transient, budgetMs: 10_000, ...clock() },
      ),
    ).rejects.toThrow('card declined');
    expect(tries).toBe(1);
  });

  it('gives up with the last failure when the time budget runs out', async () => {
    let tries = 0;
    const time = clock();

    await expect(
      retryTransient(
        async () => {
          tries += 1;
          throw new Transient(`attempt ${tries}`);
        },
        { isTransient: () => true, budgetMs: 1_000, firstDelayMs: 100, ...time },
      ),
    ).rejects.toThrow(/attempt \d+/);
    expect(tries).toBeGreaterThan(1);
    expect(time.now()).toBeLessThan(1_000);
  });
});
