import { wireBilling, wireWebhookReader } from '../../wiring.js';
import { createHandler } from './make-handler.js';

export const main = createHandler({ ...wireBilling(), readWebhook: wireWebhookReader() });
