import type { OrdersReader } from '@ecommerce/api-client';
import type { OutboxRelay } from '@ecommerce/outbox';
import type { EventPublisher } from '@ecommerce/shared-events';
import type { PaymentProvider } from '../adapters/payment-provider.js';
import type { PaymentRepository } from '../adapters/payment-repository.js';

/** What charging and refunding work with: the real ones from wiring.ts, fakes in the unit tests. */
export interface BillingDependencies {
  payments: PaymentRepository;
  outbox: OutboxRelay;
  orders: OrdersReader;
  provider: () => Promise<PaymentProvider>;
  publisher: EventPublisher<'billing'>;
  now?: () => Date;
}
