import { wireBilling, wireWebhookReader } from '../wiring.js';
import { createHandler } from './receive-payment-webhook.js';

export const main = createHandler({ ...wireBilling(), readWebhook: wireWebhookReader() });
