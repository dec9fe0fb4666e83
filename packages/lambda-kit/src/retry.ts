export interface RetryOptions {
  /** Whether a failure is worth another try; anything else is thrown at once. */
  isTransient: (error: unknown) => boolean;
  /** How long all attempts may take together, typically the function's remaining time minus a margin. */
  budgetMs: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `attempt` until it succeeds, retrying transient failures with exponential backoff and full
 * jitter while the time budget lasts. The attempt gets its number, so that it can reuse the same
 * idempotency key on every try. The last failure is thrown when the budget runs out.
 */
export const retryTransient = async <T>(
  attempt: (attemptNumber: number) => Promise<T>,
  {
    isTransient,
    budgetMs,
    firstDelayMs = 100,
    maxDelayMs = 2_000,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now = Date.now,
  }: RetryOptions,
): Promise<T> => {
  const deadline = now() + budgetMs;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = Math.random() * Math.min(maxDelayMs, firstDelayMs * 2 ** (attemptNumber - 1));
      if (now() + delay >= deadline) throw error;
      await sleep(delay);
    }
  }
};

/**
 * The time retries may use: what remains of the invocation, less a reserve for recording the
 * outcome after the last attempt.
 */
export const retryBudget = (context: { getRemainingTimeInMillis(): number }, reserveMs = 2_000): number =>
  Math.max(0, context.getRemainingTimeInMillis() - reserveMs);
