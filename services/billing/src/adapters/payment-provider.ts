import type { Money } from '@ecommerce/shared-events';
import type { ProviderOutcome } from '../domain/payment.js';

/**
 * Where a payment stands at the provider, as its answer or a webhook says: paid, refused, waiting
 * for its customer to authenticate (3-D Secure) at `nextActionUrl`, or settling (a bank debit).
 */
export type ChargeResult = ProviderOutcome;

/** A refund the provider made or reports on, with what billing tagged it with. */
export interface ProviderRefund {
  refundId: string;
  amount: number;
  /** succeeded, or pending (settles later), or failed (to be asked again). */
  status: 'succeeded' | 'pending' | 'failed';
  /** The change of the order a partial refund gives back (metadata), absent on a full refund. */
  changeId?: string;
}

/** What a verified webhook of the provider says, in billing's terms. */
export type PaymentNews =
  | { kind: 'payment'; eventId: string; orderId: string; invoiceId?: string; amount: Money; result: ChargeResult }
  | { kind: 'cancelled'; eventId: string; orderId: string; paymentId: string }
  | { kind: 'refunds'; eventId: string; orderId: string; paymentId: string; refunds: ProviderRefund[] }
  /** A type billing does not act on, or an object billing did not make (no order in its metadata). */
  | { kind: 'ignored'; eventId: string; type: string };

/** A webhook whose signature or timestamp does not hold: it is answered 400 and nothing is recorded. */
export class WebhookRejectedError extends Error {
  override readonly name = 'WebhookRejectedError';
}

export interface PaymentProvider {
  readonly name: string;
  /** Charges once per idempotency key, however many times it is called with it. */
  charge(request: {
    amount: Money;
    paymentMethod: string;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<ChargeResult>;
  /** Refunds `amount` minor units of the payment (all of it when left out), once per idempotency key. */
  refund(request: {
    paymentId: string;
    amount?: number;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<ProviderRefund>;
  /**
   * Cancels a payment that has not settled (its customer never authenticated it). `settled` when
   * it was paid meanwhile: then it is refunded instead.
   */
  cancel(request: { paymentId: string; idempotencyKey: string }): Promise<{ outcome: 'cancelled' | 'settled' }>;
}

/** The provider could not answer now (timeout, 5xx, rate limit, concurrent use of a key): the same call may succeed later. */
export class TransientPaymentError extends Error {
  override readonly name = 'TransientPaymentError';
}
