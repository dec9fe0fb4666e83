import { accessTokenVerifierFromEnvironment, readEnvironment } from '@ecommerce/lambda-kit';
import { createInvoiceRepository } from '../../adapters/invoice-repository.js';
import { createHandler } from './make-handler.js';

const { INVOICES_TABLE } = readEnvironment(['INVOICES_TABLE']);

export const main = createHandler(createInvoiceRepository({ tableName: INVOICES_TABLE }), accessTokenVerifierFromEnvironment());
