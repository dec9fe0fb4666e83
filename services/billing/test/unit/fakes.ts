import type { InternalOrder, PayableOrder } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { type ChargeResult, type PaymentProvider, type ProviderRefund } from '../../src/adapters/payment-provider.js';
import type { PaymentRepository, WebhookRecord } from '../../src/adapters/payment-repository.js';
import type { Payment, PaymentStatus } from '../../src/domain/payment.js';
import type { BillingDependencies } from '../../src/use-cases/billing-dependencies.js';

export const invoice = exampleEvent('INVOICE_CREATED', { orderId: 'ord-1' });

/** In-memory twins of the adapters, each recording what was asked of it. */
export const fakes = (answers: Array<ChargeResult | Error> = [{ outcome: 'confirmed', paymentId: 'pi_1' }]) => {
  const records = new Map<string, Payment>();
  const stored: OrderEvent[] = [];
  /** Events sent on by the outbox right after they were stored. */
  const sent: OrderEvent[] = [];
  const charges: string[] = [];
  const refunds: string[] = [];
  const refundAmounts: Array<number | 'all'> = [];
  const webhooks = new Set<string>();
  const payments: PaymentRepository = {
    get: async (orderId) => records.get(orderId),
    save: async (
      payment: Payment,
      from: PaymentStatus | undefined,
      event?: OrderEvent,
      revision?: number,
      webhook?: WebhookRecord,
    ) => {
      if (records.get(payment.orderId)?.status !== from) return false;
      if (revision !== undefined && (records.get(payment.orderId)?.revision ?? 0) !== revision) return false;
      if (webhook && webhooks.has(webhook.eventId)) return false;
      records.set(payment.orderId, payment);
      if (event) stored.push(event);
      if (webhook) webhooks.add(webhook.eventId);
      return true;
    },
    hasWebhook: async (eventId) => webhooks.has(eventId),
    recordWebhook: async ({ eventId }) => !webhooks.has(eventId) && Boolean(webhooks.add(eventId)),
  };
  const cancels: string[] = [];
  let refundStatus: ProviderRefund['status'] = 'succeeded';
  const provider: PaymentProvider = {
    name: 'stripe',
    charge: async ({ idempotencyKey }) => {
      charges.push(idempotencyKey);
      const answer = answers[Math.min(charges.length, answers.length) - 1]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    refund: async ({ idempotencyKey, amount, metadata }) => {
      refunds.push(idempotencyKey);
      refundAmounts.push(amount ?? 'all');
      return {
        refundId: `re_${refunds.length}`,
        amount: amount ?? invoice.data.total.amount,
        status: refundStatus,
        ...(metadata['changeId'] ? { changeId: metadata['changeId'] } : {}),
      };
    },
    cancel: async ({ paymentId }) => {
      cancels.push(paymentId);
      return { outcome: 'cancelled' };
    },
  };
  const outbox = {
    flush: async () => {},
    settle: async (_partition: string, event: OrderEvent | undefined) => void (event && sent.push(event)),
    pending: async () => [],
    release: async () => true,
    catchUp: async () => ({ released: 0, failed: 0, refused: 0 }),
  } satisfies OutboxRelay;
  /** The order as orders holds it: what billing confirms an event with. Tests move it as orders would. */
  const order = { status: 'INVOICE_CREATED', total: { ...invoice.data.total }, paymentToken: 'pm_card_visa' };
  const orderReads: string[] = [];
  const deps: BillingDependencies = {
    payments,
    outbox,
    orders: {
      get: async (orderId) => {
        orderReads.push(orderId);
        return structuredClone(order) as unknown as InternalOrder;
      },
      getPayable: async (orderId) => {
        orderReads.push(orderId);
        return structuredClone(order) as unknown as PayableOrder;
      },
    },
    provider: async () => provider,
    publisher: createEventPublisher({
      source: 'billing',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:1:t',
      sns: { send: async () => {} } as never,
    }),
  };
  return {
    deps,
    sent,
    records,
    stored,
    charges,
    refunds,
    refundAmounts,
    order,
    orderReads,
    cancels,
    webhooks,
    refundsWill: (status: ProviderRefund['status']) => (refundStatus = status),
  };
};
