import { createOrdersReader } from '@ecommerce/api-client';
import { createDocumentClient, createSignedFetch, readEnvironment } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher } from '@ecommerce/shared-events';
import {
  PAYMENT_ACTION_REQUIRED,
  PAYMENT_CONFIRMED,
  PAYMENT_FAILED,
  PAYMENT_REFUNDED,
} from '@ecommerce/shared-events/validators';
import type { PaymentProvider } from './adapters/payment-provider.js';
import { createPaymentRepository } from './adapters/payment-repository.js';
import { loadSecretKey, loadWebhookSecret } from './adapters/secret-key.js';
import type { ReadWebhook } from './functions/receive-payment-webhook/receive-payment-webhook.js';
import type { BillingDependencies } from './use-cases/billing-dependencies.js';

/** The real adapters of both billing functions, built once per cold start. */
export const wireBilling = (): BillingDependencies => {
  const env = readEnvironment(['PAYMENTS_TABLE', 'ORDER_EVENTS_TOPIC_ARN', 'ORDERS_API_URL', 'AWS_REGION', 'PAYMENT_RETURN_URL']);
  const client = createDocumentClient();
  const publisher = createEventPublisher({
    source: 'billing',
    topicArn: env.ORDER_EVENTS_TOPIC_ARN,
    validators: { PAYMENT_CONFIRMED, PAYMENT_ACTION_REQUIRED, PAYMENT_FAILED, PAYMENT_REFUNDED },
  });
  let provider: Promise<PaymentProvider> | undefined;
  return {
    payments: createPaymentRepository({ tableName: env.PAYMENTS_TABLE, client }),
    outbox: createOutboxRelay({ tableName: env.PAYMENTS_TABLE, client, sender: publisher, owner: 'billing' }),
    orders: createOrdersReader({ baseUrl: env.ORDERS_API_URL, fetch: createSignedFetch({ region: env.AWS_REGION }) }),
    // The secret is fetched on first use and kept for the life of the process; a failed fetch is tried again.
    // Stripe's SDK is set up then too (imported, not only built): running its modules added about
    // 10 ms to every cold start, before the first event and whether or not that event needs Stripe.
    provider: () =>
      (provider ??= Promise.all([loadSecretKey(), import('./adapters/stripe-payment-provider.js')])
        .then(([secretKey, { createStripePaymentProvider }]) =>
          createStripePaymentProvider({
            secretKey,
            returnUrl: env.PAYMENT_RETURN_URL,
            ...(process.env['STRIPE_API_URL'] ? { apiUrl: process.env['STRIPE_API_URL'] } : {}),
          }),
        )
        .catch((error: unknown) => {
          provider = undefined;
          throw error;
        })),
    publisher,
  };
};

/**
 * The check of the provider's webhooks, set up on first use with the webhook secret (and Stripe's
 * SDK, whose own constructEvent does the check); a failed fetch of the secret is tried again.
 */
export const wireWebhookReader = (): (() => Promise<ReadWebhook>) => {
  let reader: Promise<ReadWebhook> | undefined;
  return () =>
    (reader ??= Promise.all([loadWebhookSecret(), import('./adapters/stripe-webhooks.js')])
      .then(([secret, { createStripeWebhookReader }]) => createStripeWebhookReader(secret))
      .catch((error: unknown) => {
        reader = undefined;
        throw error;
      }));
};
