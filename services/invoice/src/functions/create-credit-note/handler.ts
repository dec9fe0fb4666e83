import { wireInvoice } from '../../wiring.js';
import { createHandler } from './make-handler.js';

export const main = createHandler(wireInvoice());
