/**
 * The test payment methods the sandbox knows, named as Stripe names its own. Anything else is an
 * unknown payment method, as it would be at Stripe.
 */
export type CardBehaviour =
  | { kind: 'succeeds' }
  | { kind: 'declined'; declineCode: string; message: string }
  /** Fails with a 500 that Stripe marks as safe to retry, this many times per idempotency key, then succeeds. */
  | { kind: 'transient'; failures: number }
  /** Succeeds, but only after this long: time for something else to happen meanwhile. */
  | { kind: 'slow'; delayMs: number }
  /**
   * The bank asks the customer to authenticate (3-D Secure): the PaymentIntent answers
   * `requires_action` with a page of the sandbox to complete or fail it, and settles by webhook.
   */
  | { kind: 'authenticates' }
  /** Pays, but every refund of it fails at the bank (Stripe's refund_fail card): the money stays with the shop. */
  | { kind: 'refundFails' }
  /** A bank debit: `processing` at once, then succeeded or failed after this long, by webhook. */
  | { kind: 'settlesLater'; delayMs: number; outcome: 'succeeds' | 'fails' };

export const testPaymentMethods: Record<string, CardBehaviour> = {
  pm_card_visa: { kind: 'succeeds' },
  pm_card_mastercard: { kind: 'succeeds' },
  pm_card_chargeDeclined: { kind: 'declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  pm_card_chargeDeclinedInsufficientFunds: {
    kind: 'declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  pm_card_transientFailure: { kind: 'transient', failures: 2 },
  pm_card_slowProvider: { kind: 'slow', delayMs: 3_000 },
  pm_card_threeDSecure2Required: { kind: 'authenticates' },
  // At Stripe it differs from the one above off-session only; billing charges on-session, so both ask.
  pm_card_authenticationRequired: { kind: 'authenticates' },
  // SEPA takes days at a bank; seconds here, to be testable.
  pm_sepaDebit: { kind: 'settlesLater', delayMs: 3_000, outcome: 'succeeds' },
  pm_sepaDebitFails: { kind: 'settlesLater', delayMs: 3_000, outcome: 'fails' },
  pm_card_refundFails: { kind: 'refundFails' },
};
