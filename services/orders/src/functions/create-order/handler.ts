import { accessTokenVerifierFromEnvironment } from '@ecommerce/lambda-kit';
import { ORDER_CREATED } from '@ecommerce/shared-events/validators';
import { createUserPoolEmails, cachedVerifiedEmails } from '../../adapters/customer-emails.js';
import { createIdempotencyStore } from '../../adapters/idempotency-store.js';
import { wireCatalogue, wireOrderWrites } from '../../wiring.js';
import { createHandler } from './make-handler.js';

const { tableName, client, orders, events } = wireOrderWrites({ ORDER_CREATED });

export const main = createHandler(
  {
    catalogue: wireCatalogue(),
    emails: cachedVerifiedEmails(createUserPoolEmails(), { maxAgeMs: 60_000 }),
    orders,
    events,
    keys: createIdempotencyStore({ tableName, client }),
  },
  accessTokenVerifierFromEnvironment(),
);
