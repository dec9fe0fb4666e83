import { describe, expect, it } from 'vitest';
import { createInvocationQueue } from '../../invocation-queue.mjs';

/** A run that stays open until the test finishes it, so the test decides when each invocation ends. */
const controllableRuns = () => {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const run = (item: number) =>
    new Promise<void>((resolve) => {
      started.push(item);
      finish.set(item, resolve);
    });
  return { started, finish: (item: number) => finish.get(item)!(), run };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the invocation queue of a function', () => {
  it('never runs more than the concurrency at once; the rest wait', () => {
    const runs = controllableRuns();
    const queue = createInvocationQueue({ concurrency: 2, run: runs.run });

    for (let item = 1; item <= 5; item += 1) queue.push(item);

    expect(runs.started).toEqual([1, 2]);
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(3);
  });

  it('starts the waiting ones in the order they arrived, as each running one ends', async () => {
    const runs = controllableRuns();
    const queue = createInvocationQueue({ concurrency: 2, run: runs.run });
    for (let item = 1; item <= 5; item += 1) queue.push(item);

    runs.finish(2);
    await settle();
    runs.finish(1);
    await settle();

    expect(runs.started).toEqual([1, 2, 3, 4]);
    expect(queue.running).toBe(2);
    expect(queue.waiting).toBe(1);
  });

  it('drains a burst completely, one at a time with a concurrency of 1', async () => {
    const order: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const queue = createInvocationQueue({
      concurrency: 1,
      run: async (item: number) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await settle();
        order.push(item);
        inFlight -= 1;
      },
    });

    for (let item = 0; item < 50; item += 1) queue.push(item);
    while (queue.running + queue.waiting > 0) await settle();

    expect(order).toEqual(Array.from({ length: 50 }, (_, item) => item));
    expect(mostInFlight).toBe(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a concurrency of %s', (concurrency) => {
    expect(() => createInvocationQueue({ concurrency, run: async () => {} })).toThrow(
      `a function's concurrency must be a whole number of at least 1 (got ${concurrency})`,
    );
  });
});
