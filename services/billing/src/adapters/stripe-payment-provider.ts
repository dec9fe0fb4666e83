import Stripe from 'stripe';
import { TransientPaymentError, type ChargeResult, type PaymentProvider } from './payment-provider.js';

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

/**
 * The payment provider through Stripe's official SDK. `apiUrl` points it at another host speaking
 * Stripe's API (the local sandbox); on AWS it is unset and the SDK talks to Stripe.
 */
export const createStripePaymentProvider = ({ secretKey, apiUrl }: { secretKey: string; apiUrl?: string }): PaymentProvider => {
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
              // Confirmed at once, server-side: a payment method that needs a redirect is refused, not left pending.
              automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
              confirm: true,
              metadata,
            },
            { idempotencyKey },
          );
          if (intent.status === 'succeeded') return { outcome: 'confirmed', paymentId: intent.id };
          if (intent.status === 'requires_payment_method' || intent.status === 'requires_action') {
            return { outcome: 'declined', code: 'payment_incomplete', message: 'Your payment could not be completed.' };
          }
          // `processing` and the like are not an outcome yet: the money may still come. Failing
          // sends the invoice to the dead letters for a person (or a provider webhook) to settle,
          // rather than telling the customer their payment failed.
          throw new Error(`payment ${intent.id} is ${intent.status}, not settled`);
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
        return { refundId: refund.id };
      }),
  };
};
