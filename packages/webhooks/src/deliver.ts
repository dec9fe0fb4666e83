import { sign } from './signature.js';

/**
 * A sandbox's side of webhooks: how a carrier or a payment provider calls back, with the manners of
 * the real ones. A call that gets no 2xx is tried again with backoff for minutes; a delivered one is
 * sometimes sent a second time; several at once may go out of order.
 */

export interface Webhook {
  url: string;
  /** The raw JSON body: what is signed is what is sent. */
  body: string;
}

export interface SendOptions {
  secret: string;
  /** The header the signature goes in, such as `Carrier-Signature` or `Stripe-Signature`. */
  signatureHeader: string;
  /** Now, in milliseconds. */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
}

export interface Attempt {
  /** The receiver answered 2xx. */
  ok: boolean;
  /** The receiver's status, or undefined when it could not be reached. */
  status: number | undefined;
}

/**
 * One attempt: the webhook signed as of now (each attempt signs afresh, as Stripe does, so that a
 * retry is never stale), POSTed once. An unreachable receiver is an attempt that failed, not an error.
 */
export const send = async (
  webhook: Webhook,
  { secret, signatureHeader, now = Date.now, fetch = globalThis.fetch }: SendOptions,
): Promise<Attempt> => {
  const signature = sign(secret, webhook.body, Math.floor(now() / 1000));
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [signatureHeader]: signature },
      body: webhook.body,
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, status: response.status };
  } catch {
    return { ok: false, status: undefined };
  }
};

export interface Backoff {
  firstDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

/** How long to wait after failed attempt `attemptNumber` (1, 2, ...): doubling, capped, with jitter of up to a half. */
export const backoffMs = (
  attemptNumber: number,
  { firstDelayMs = 1_000, maxDelayMs = 60_000, random = Math.random }: Backoff = {},
): number => {
  const base = Math.min(maxDelayMs, firstDelayMs * 2 ** (attemptNumber - 1));
  return Math.round(base / 2 + (random() * base) / 2);
};

export interface DeliverOptions extends SendOptions, Backoff {
  /** How long to keep trying a webhook that gets no 2xx; then it is given up. */
  retryForMs?: number;
  /** The chance that a delivered webhook is sent once more (0 to 1). */
  duplicateProbability?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Delivery {
  delivered: boolean;
  /** Every POST made, the duplicate included. */
  attempts: number;
  lastStatus: number | undefined;
}

/** Sends a webhook until it gets a 2xx or `retryForMs` runs out, then maybe once more. */
export const deliver = async (
  webhook: Webhook,
  {
    retryForMs = 5 * 60_000,
    duplicateProbability = 0,
    sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...options
  }: DeliverOptions,
): Promise<Delivery> => {
  const { now = Date.now, random = Math.random } = options;
  const giveUpAt = now() + retryForMs;
  for (let attempts = 1; ; attempts += 1) {
    const attempt = await send(webhook, options);
    if (attempt.ok) {
      if (random() >= duplicateProbability) return { delivered: true, attempts, lastStatus: attempt.status };
      const twice = await send(webhook, options);
      return { delivered: true, attempts: attempts + 1, lastStatus: twice.status };
    }
    const delay = backoffMs(attempts, options);
    if (now() + delay > giveUpAt) return { delivered: false, attempts, lastStatus: attempt.status };
    await sleep(delay);
  }
};

export interface DeliverAllOptions extends DeliverOptions {
  /** Send the webhooks in a shuffled order instead of the given one. */
  outOfOrder?: boolean;
}

/** Several webhooks, one after another (or shuffled): a receiver must not rely on their order. */
export const deliverAll = async (
  webhooks: Webhook[],
  { outOfOrder = false, ...options }: DeliverAllOptions,
): Promise<Delivery[]> => {
  const random = options.random ?? Math.random;
  const order = webhooks.map((webhook, index) => ({ webhook, index }));
  // Fisher-Yates: every order equally likely.
  for (let i = order.length - 1; outOfOrder && i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const deliveries: Delivery[] = new Array(webhooks.length);
  for (const { webhook, index } of order) deliveries[index] = await deliver(webhook, options);
  return deliveries;
};
