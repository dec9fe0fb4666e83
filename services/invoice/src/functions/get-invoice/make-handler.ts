import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { callerHandler, HttpError, json, maySee, pathParameter, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { type InvoiceRepository } from '../../adapters/invoice-repository.js';
import { invoiceWithCreditNotes } from '../../domain/credit-note.js';

/**
 * GET /invoices/{invoiceId}: the customer's own invoice, or any for an operator, with its credit
 * notes and balance. Someone else's is answered exactly as an unknown id, so that trying ids reveals nothing.
 */
export const createHandler = (invoices: Pick<InvoiceRepository, 'getWithCreditNotes'>, verify: VerifyAccessToken) =>
  callerHandler(verify, async (request) => {
    const invoiceId = pathParameter(request, 'invoiceId', (value) => issuesAgainst(schemas.Id, value));
    const found = await invoices.getWithCreditNotes(invoiceId);
    if (!found || !maySee(request.caller, found.invoice.customerId)) {
      throw new HttpError(404, 'invoice_not_found', `There is no invoice ${invoiceId}.`);
    }
    return json(200, invoiceWithCreditNotes(found.invoice, found.creditNotes));
  });
