import Stripe from 'stripe';
import { TransientPaymentError, type ChargeResult, type PaymentProvider, type ProviderRefund } from './payment-provider.js';

const isTransient = (error: unknown): boolean =>
  error instanceof Stripe.errors.StripeConnectionError ||
  error instanceof Stripe.errors.StripeAPIError ||
  error instanceof Stripe.errors.StripeRateLimitError ||
  (error instanceof Stripe.errors.StripeError && (error.statusCode === 409 || (error.statusCode ?? 0) >= 500));

const translate = async <T>(call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    if (isTransient(error)) throw new TransientPaymentError((error as Error).message, { cause: error });
    throw error;
  }
};

const declinedWith = (intent: Stripe.PaymentIntent): ChargeResult => ({
  outcome: 'declined',
  paymentId: intent.id,
  code: intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code ?? 'payment_incomplete',
  message: intent.last_payment_error?.message ?? 'Your payment could not be completed.',
});

/** Where a PaymentIntent stands, in billing's terms; undefined for a status billing never leaves it in. */
export const resultOf = (intent: Stripe.PaymentIntent): ChargeResult | undefined => {
  switch (intent.status) {
    case 'succeeded':
      return { outcome: 'confirmed', paymentId: intent.id };
    case 'processing':
      return { outcome: 'processing', paymentId: intent.id };
    case 'requires_payment_method':
      return declinedWith(intent);
    case 'requires_action': {
      const url = intent.next_action?.redirect_to_url?.url;
      // Billing always confirms with a return_url, so Stripe sends the customer to a page of its own.
      return url ? { outcome: 'action_required', paymentId: intent.id, nextActionUrl: url } : declinedWith(intent);
    }
    default:
      return undefined;
  }
};

export const refundOf = (refund: Stripe.Refund): ProviderRefund => ({
  refundId: refund.id,
  amount: refund.amount,
  status:
    refund.status === 'succeeded'
      ? 'succeeded'
      : refund.status === 'failed' || refund.status === 'canceled'
        ? 'failed'
        : 'pending',
  ...(refund.metadata?.['changeId'] ? { changeId: refund.metadata['changeId'] } : {}),
});

/**
 * The payment provider through Stripe's official SDK. `apiUrl` points it at another host speaking
 * Stripe's API (the local sandbox); on AWS it is unset and the SDK talks to Stripe.
 */
export const createStripePaymentProvider = ({
  secretKey,
  apiUrl,
  returnUrl,
}: {
  secretKey: string;
  apiUrl?: string;
  /** Where the customer comes back to after authenticating a payment at the bank's page. */
  returnUrl: string;
}): PaymentProvider => {
  const url = apiUrl ? new URL(apiUrl) : undefined;
  const stripe = new Stripe(secretKey, {
    // Retries are billing's own, bounded by the function's time budget.
    maxNetworkRetries: 0,
    timeout: 5_000,
    telemetry: false,
    ...(url ? { host: url.hostname, port: Number(url.port), protocol: url.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
  return {
    name: 'stripe',
    charge: ({ amount, paymentMethod, idempotencyKey, metadata }) =>
      translate(async (): Promise<ChargeResult> => {
        try {
          const intent = await stripe.paymentIntents.create(
            {
              amount: amount.amount,
              currency: amount.currency.toLowerCase(),
              payment_method: paymentMethod,
              // Confirmed at once, server-side. A card that needs 3-D Secure answers requires_action
              // with Stripe's page for the customer (redirect_to_url, because of return_url); a bank
              // debit answers processing. Either settles later, by webhook.
              automatic_payment_methods: { enabled: true },
              confirm: true,
              return_url: returnUrl,
              metadata,
            },
            { idempotencyKey },
          );
          const result = resultOf(intent);
          // Any other status is not one billing's confirmed, on-session charge can be left in.
          if (!result) throw new Error(`payment ${intent.id} is ${intent.status}, not settled`);
          return result;
        } catch (error) {
          if (error instanceof Stripe.errors.StripeCardError) {
            return { outcome: 'declined', code: error.decline_code ?? error.code ?? 'card_declined', message: error.message };
          }
          // The customer's payment method does not exist (mistyped, or detached since): their problem to fix, not a bug to retry.
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'payment_method') {
            return {
              outcome: 'declined',
              code: 'invalid_payment_method',
              message: 'Your payment method is not valid. Please choose another one.',
            };
          }
          throw error;
        }
      }),
    refund: ({ paymentId, amount, idempotencyKey, metadata }) =>
      translate(async () => {
        const refund = await stripe.refunds.create(
          { payment_intent: paymentId, ...(amount === undefined ? {} : { amount }), reason: 'requested_by_customer', metadata },
          { idempotencyKey },
        );
        return refundOf(refund);
      }),
    cancel: ({ paymentId, idempotencyKey }) =>
      translate(async () => {
        try {
          await stripe.paymentIntents.cancel(paymentId, { cancellation_reason: 'abandoned' }, { idempotencyKey });
          return { outcome: 'cancelled' as const };
        } catch (error) {
          // Paid (or settling) meanwhile: it cannot be cancelled any more, only refunded.
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
            const intent = await stripe.paymentIntents.retrieve(paymentId);
            if (intent.status === 'canceled') return { outcome: 'cancelled' as const };
            return { outcome: 'settled' as const };
          }
          throw error;
        }
      }),
  };
};
