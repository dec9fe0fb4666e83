import Stripe from 'stripe';
import { WebhookRejectedError, type PaymentNews } from './payment-provider.js';
import { refundOf, resultOf } from './stripe-payment-provider.js';

/** How old a signature may be: Stripe's own default, so that a replayed webhook is refused after it. */
export const toleranceSeconds = Stripe.webhooks.DEFAULT_TOLERANCE;

/**
 * Reads a webhook of Stripe's: the signature and its timestamp are checked on the raw body with
 * the SDK's own `webhooks.constructEvent` before anything is parsed, then the event is put in
 * billing's terms. Only objects billing made (its orderId in their metadata) are news.
 */
export const createStripeWebhookReader =
  (secret: string, now: () => number = Date.now) =>
  (rawBody: string, signature: string | undefined): PaymentNews => {
    let event: Stripe.Event;
    try {
      // receivedAt in milliseconds, as the SDK reads it.
      event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret, toleranceSeconds, undefined, now());
    } catch (error) {
      throw new WebhookRejectedError(
        error instanceof Stripe.errors.StripeSignatureVerificationError ? error.message : 'The webhook could not be read.',
        { cause: error },
      );
    }
    const ignored = { kind: 'ignored', eventId: event.id, type: event.type } as const;
    switch (event.type) {
      case 'payment_intent.succeeded':
      case 'payment_intent.payment_failed':
      case 'payment_intent.processing': {
        const intent = event.data.object;
        const orderId = intent.metadata?.['orderId'];
        const result = resultOf(intent);
        if (!orderId || !result) return ignored;
        const invoiceId = intent.metadata['invoiceId'];
        return {
          kind: 'payment',
          eventId: event.id,
          orderId,
          ...(invoiceId ? { invoiceId } : {}),
          amount: { amount: intent.amount, currency: intent.currency.toUpperCase() },
          result,
        };
      }
      case 'payment_intent.canceled': {
        const intent = event.data.object;
        const orderId = intent.metadata?.['orderId'];
        return orderId ? { kind: 'cancelled', eventId: event.id, orderId, paymentId: intent.id } : ignored;
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const orderId = charge.metadata?.['orderId'];
        const paymentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        if (!orderId || !paymentId) return ignored;
        return { kind: 'refunds', eventId: event.id, orderId, paymentId, refunds: (charge.refunds?.data ?? []).map(refundOf) };
      }
      default:
        return ignored;
    }
  };
