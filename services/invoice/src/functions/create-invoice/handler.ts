import { createEventSubscriber } from '@ecommerce/shared-events';
import { ORDER_CREATED } from '@ecommerce/shared-events/validators';
import { wireInvoice } from '../wiring.js';
import { createInvoice, type CreateInvoiceDependencies } from './create-invoice.js';

export const createHandler = (dependencies: CreateInvoiceDependencies) =>
  createEventSubscriber({ ORDER_CREATED: (event) => createInvoice(dependencies, event) }, { ORDER_CREATED });

export const main = createHandler(wireInvoice());
