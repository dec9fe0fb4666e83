/** A dead letter as `pnpm dead-letters` shows it, wherever it is kept. */
export interface DeadLetter {
  /** The key that `redrive` takes: `<function name>#<SNS message id>`. */
  pk: string;
  service: string;
  function: string;
  eventId?: string;
  eventType?: string;
  orderId?: string;
  /** How many times the function ran on it, when the store knows. */
  attempts?: number;
  error: string;
  firstFailedAt: string;
  lastFailedAt: string;
}

export interface DeadLetterStore<Letter extends DeadLetter> {
  /** Every dead letter, oldest first. */
  list(): Promise<Letter[]>;
  /** Hands it to its function once more: gone from the store if the function now succeeds. */
  redrive(letter: Letter): Promise<{ ok: boolean; error?: string }>;
}

export const usage = `usage:
  pnpm dead-letters [--stage <stage>] [--region <region>]
                    list the events functions failed on after all their retries
                    (the local cloud's, or, with a stage, its SQS dead-letter queues on AWS)
  pnpm dead-letters [--stage <stage>] redrive <key>|--all
                    hand them to their functions again`;

/** `pnpm dead-letters [redrive <key>|--all]` over a store: the same lines for the local cloud and AWS. Its exit code. */
export const deadLetterCommand = async <Letter extends DeadLetter>(
  store: DeadLetterStore<Letter>,
  [action, which]: string[],
  log: (line: string) => void,
): Promise<number> => {
  const letters = await store.list();
  if (action === undefined) {
    if (letters.length === 0) log('No dead letters.');
    for (const letter of letters) {
      const times = letter.attempts === undefined ? '' : ` ${letter.attempts} times`;
      log(
        `${letter.pk}\n  ${letter.service}/${letter.function} failed${times} on ${letter.eventType} ${letter.eventId} (order ${letter.orderId})` +
          `\n  first ${letter.firstFailedAt}, last ${letter.lastFailedAt}\n  ${letter.error}`,
      );
    }
    return 0;
  }
  if (action !== 'redrive' || !which) throw new Error(usage);
  const chosen = which === '--all' ? letters : letters.filter((letter) => letter.pk === which);
  if (chosen.length === 0) throw new Error(`no dead letter ${which}`);
  let failed = 0;
  for (const letter of chosen) {
    const outcome = await store.redrive(letter);
    log(`${letter.pk}: ${outcome.ok ? 'delivered' : `failed again: ${outcome.error}`}`);
    if (!outcome.ok) failed += 1;
  }
  return failed === 0 ? 0 : 1;
};
