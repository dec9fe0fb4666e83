import { loadSigningSecret } from '@ecommerce/webhooks/secret';
import { wireShipment } from '../../wiring.js';
import { createHandler } from './make-handler.js';

// Read once per cold start, on the first webhook: a failure to read it is retried by the next one.
let signingSecret: Promise<string> | undefined;
export const main = createHandler(wireShipment(), () => {
  signingSecret ??= loadSigningSecret('CARRIER_WEBHOOK_SECRET').catch((error: unknown) => {
    signingSecret = undefined;
    throw error;
  });
  return signingSecret;
});
