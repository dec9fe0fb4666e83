import { randomUUID } from 'node:crypto';
import type { InternalOrder } from '@ecommerce/api-client';
import { reportFigure } from '@ecommerce/local-cloud';
import { createOutboxRelay } from '@ecommerce/outbox';
import { crashPoints, measureDualWrites } from '@ecommerce/outbox/fault-injection';
import { createEventPublisher, exampleEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it, vi } from 'vitest';
import type { PaymentProvider } from '../src/adapters/payment-provider.js';
import { createPaymentRepository } from '../src/adapters/payment-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { chargeInvoice } from '../src/functions/charge-invoice/charge-invoice.js';

const tableName = 'billing-local';
const client = createDocumentClient();
const runs = 20;
const provider: PaymentProvider = {
  name: 'stripe',
  charge: async ({ idempotencyKey }) => ({ outcome: 'confirmed', paymentId: `pi_${idempotencyKey}` }),
  refund: async () => ({ refundId: 're_1' }),
};

describe('a payment and its PAYMENT_CONFIRMED, when the process dies anywhere between them', () => {
  it.each(crashPoints)('are both kept or both absent once the outbox is swept (process dies %s)', async (crashPoint) => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    const outcome = await measureDualWrites({
      tableName,
      client,
      crashPoint,
      runs,
      announcedBy: 'PAYMENT_CONFIRMED',
      input: () => exampleEvent('INVOICE_CREATED', { id: randomUUID(), orderId: randomUUID() }),
      act: (invoice, faulty, recorder) =>
        chargeInvoice(
          {
            payments: createPaymentRepository({ tableName, client: faulty.client }),
            outbox: createOutboxRelay({ tableName, client: faulty.client, sender: faulty.sender }),
            orders: { get: async () => ({ paymentToken: 'pm_card_visa' }) as InternalOrder },
            provider: async () => provider,
            publisher: createEventPublisher({
              source: 'billing',
              validators: eventValidators,
              topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
              sns: recorder as never,
            }),
          },
          invoice,
          5_000,
        ),
      isStored: async ({ orderId }) => (await createPaymentRepository({ tableName, client }).get(orderId)) !== undefined,
    });

    reportFigure('no dual-write loss, billing', { crashPoint, ...outcome });
    expect(outcome).toMatchObject({
      runs,
      lostEvents: 0,
      phantomEvents: 0,
      stored: crashPoint === 'before the commit' ? 0 : runs,
    });
    vi.restoreAllMocks();
  });
});
