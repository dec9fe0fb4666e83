import { randomUUID } from 'node:crypto';
import type { InternalOrder, PayableOrder } from '@ecommerce/api-client';
import { describeDualWrites } from '@ecommerce/outbox/dual-write-suite';
import { exampleEvent } from '@ecommerce/shared-events';
import type { PaymentProvider } from '../src/adapters/payment-provider.js';
import { createPaymentRepository } from '../src/adapters/payment-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { chargeInvoice } from '../src/functions/charge-invoice/charge-invoice.js';

const tableName = 'billing-local';
const client = createDocumentClient();
const provider: PaymentProvider = {
  name: 'stripe',
  charge: async ({ idempotencyKey }) => ({ outcome: 'confirmed', paymentId: `pi_${idempotencyKey}` }),
  refund: async () => ({ refundId: 're_1', amount: 4488, status: 'succeeded' }),
  cancel: async () => ({ outcome: 'cancelled' }),
};

describeDualWrites('a payment and its PAYMENT_CONFIRMED', 'billing', {
  tableName,
  client,
  runs: 20,
  announcedBy: 'PAYMENT_CONFIRMED',
  input: () => exampleEvent('INVOICE_CREATED', { id: randomUUID(), orderId: randomUUID() }),
  act: (invoice, faulty) =>
    chargeInvoice(
      {
        payments: createPaymentRepository({ tableName, client: faulty.client }),
        outbox: faulty.outbox,
        // Orders says the order costs what its invoice asks.
        orders: {
          get: async () => ({}) as InternalOrder,
          getPayable: async () => ({ paymentToken: 'pm_card_visa', total: invoice.data.total }) as PayableOrder,
        },
        provider: async () => provider,
        publisher: faulty.publisher('billing'),
      },
      invoice,
      5_000,
    ),
  isStored: async ({ orderId }) => (await createPaymentRepository({ tableName, client }).get(orderId)) !== undefined,
});
