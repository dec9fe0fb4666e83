import { issuesAgainst } from '@ecommerce/api-client/contract';
import * as schemas from '@ecommerce/api-client/validators';
import { callerHandler, HttpError, json, maySee, pathParameter, type VerifyAccessToken } from '@ecommerce/lambda-kit';
import { type InvoiceRepository } from '../../adapters/invoice-repository.js';

/**
 * GET /invoices/{invoiceId}/credit-notes/{creditNoteId}: a credit note of the customer's own
 * invoice, or any for an operator. Someone else's is answered exactly as an unknown id.
 */
export const createHandler = (invoices: Pick<InvoiceRepository, 'getCreditNote'>, verify: VerifyAccessToken) =>
  callerHandler(verify, async (request) => {
    const invoiceId = pathParameter(request, 'invoiceId', (value) => issuesAgainst(schemas.Id, value));
    const creditNoteId = pathParameter(request, 'creditNoteId', (value) => issuesAgainst(schemas.Id, value));
    const note = await invoices.getCreditNote(invoiceId, creditNoteId);
    if (!note || !maySee(request.caller, note.customerId)) {
      throw new HttpError(404, 'credit_note_not_found', `There is no credit note ${creditNoteId} of invoice ${invoiceId}.`);
    }
    return json(200, note);
  });
