import type { Money } from '@ecommerce/shared-events';

export type ChargeResult = { outcome: 'confirmed'; paymentId: string } | { outcome: 'declined'; code: string; message: string };

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
  }): Promise<{ refundId: string }>;
}

/** The provider could not answer now (timeout, 5xx, rate limit, concurrent use of a key): the same call may succeed later. */
export class TransientPaymentError extends Error {
  override readonly name = 'TransientPaymentError';
}
