import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { HttpError, httpHandler, json, pathParameter, readEnvironment } from '@ecommerce/lambda-kit';
import { createInvoiceRepository, type InvoiceRepository } from '../../adapters/invoice-repository.js';

export const createHandler = (invoices: InvoiceRepository) =>
  httpHandler(async (request) => {
    const invoiceId = pathParameter(request, 'invoiceId', (value) => issuesAgainst(schemas.Id, value));
    const invoice = await invoices.get(invoiceId);
    if (!invoice) throw new HttpError(404, 'invoice_not_found', `There is no invoice ${invoiceId}.`);
    return json(200, invoice);
  });

const { INVOICES_TABLE } = readEnvironment(['INVOICES_TABLE']);

export const main = createHandler(createInvoiceRepository({ tableName: INVOICES_TABLE }));
