// @ts-check
/**
 * The queue in front of one function, as Lambda keeps one for its asynchronous invocations: an
 * accepted event waits its turn, at most `concurrency` run at once, and the rest start in the order
 * they arrived. A busy machine makes events wait here; it never fails them.
 *
 * @template T
 * @param {{ concurrency: number, run: (item: T) => Promise<void> }} options `run` must not reject.
 */
export const createInvocationQueue = ({ concurrency, run }) => {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`a function's concurrency must be a whole number of at least 1 (got ${concurrency})`);
  }
  /** @type {T[]} */
  const waiting = [];
  let running = 0;

  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const item = /** @type {T} */ (waiting.shift());
      running += 1;
      // `run` answers for its own failures (retries, dead letters): the queue only counts.
      void run(item).finally(() => {
        running -= 1;
        next();
      });
    }
  };

  return {
    /** @param {T} item */
    push(item) {
      waiting.push(item);
      next();
    },
    get waiting() {
      return waiting.length;
    },
    get running() {
      return running;
    },
  };
};
