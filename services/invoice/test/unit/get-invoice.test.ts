import type { CreditNote } from '@ecommerce/api-client';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { InvoiceRepository } from '../../src/adapters/invoice-repository.js';
import { createHandler as getCreditNote } from '../../src/functions/get-credit-note/make-handler.js';
import { createHandler as getInvoice } from '../../src/functions/get-invoice/make-handler.js';
import type { StoredInvoice } from '../../src/domain/invoice.js';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const invoice = { invoiceId: 'inv-ord-1', customerId: 'cust-42', total: eur(4488) } as StoredInvoice;
const note = {
  creditNoteId: 'cn-1',
  creditNoteNumber: 'CN-2026-000001',
  invoiceId: 'inv-ord-1',
  customerId: 'cust-42',
  amount: eur(1000),
} as CreditNote;
const invoices: Pick<InvoiceRepository, 'getWithCreditNotes' | 'getCreditNote'> = {
  getWithCreditNotes: async (id) => (id === invoice.invoiceId ? { invoice, creditNotes: [note] } : undefined),
  getCreditNote: async (invoiceId, creditNoteId) =>
    invoiceId === note.invoiceId && creditNoteId === note.creditNoteId ? note : undefined,
};
// Token checks have tests of their own (lambda-kit); here a token names its caller, `operator.` an operator.
const verify = async (token: string) => ({
  customerId: token.replace(/^operator\./, ''),
  isOperator: token.startsWith('operator.'),
});

const answer = async (handler: 'get-invoice' | 'get-credit-note', pathParameters: Record<string, string>, token: string) => {
  const createHandler = handler === 'get-invoice' ? getInvoice : getCreditNote;
  const request = { pathParameters, headers: { authorization: `Bearer ${token}` } } as unknown as APIGatewayProxyEvent;
  const response = await createHandler(invoices, verify)(request, {} as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
};
const get = (invoiceId: string, token: string) => answer('get-invoice', { invoiceId }, token);
const getNote = (invoiceId: string, creditNoteId: string, token: string) =>
  answer('get-credit-note', { invoiceId, creditNoteId }, token);

const withNotes = { ...invoice, creditNotes: [note], balance: eur(3488) };

describe('GET /invoices/{invoiceId}', () => {
  it("answers the customer's own invoice, with its credit notes and its balance", async () => {
    expect(await get('inv-ord-1', 'cust-42')).toEqual({ status: 200, body: withNotes });
  });

  it("answers another customer's invoice exactly as an unknown one", async () => {
    const theirs = await get('inv-ord-1', 'cust-43');
    const unknown = await get('inv-ord-2', 'cust-43');

    expect(theirs).toEqual({
      status: 404,
      body: { code: 'invoice_not_found', message: 'There is no invoice inv-ord-1.', details: [] },
    });
    expect(unknown.status).toBe(404);
  });

  it('answers any invoice to an operator', async () => {
    expect(await get('inv-ord-1', 'operator.support-1')).toEqual({ status: 200, body: withNotes });
  });
});

describe('GET /invoices/{invoiceId}/credit-notes/{creditNoteId}', () => {
  it("answers a credit note of the customer's own invoice, and any to an operator", async () => {
    expect(await getNote('inv-ord-1', 'cn-1', 'cust-42')).toEqual({ status: 200, body: note });
    expect(await getNote('inv-ord-1', 'cn-1', 'operator.support-1')).toEqual({ status: 200, body: note });
  });

  it("answers another customer's credit note exactly as an unknown one", async () => {
    const theirs = await getNote('inv-ord-1', 'cn-1', 'cust-43');
    const unknown = await getNote('inv-ord-1', 'cn-2', 'cust-43');

    expect(theirs).toEqual({
      status: 404,
      body: { code: 'credit_note_not_found', message: 'There is no credit note cn-1 of invoice inv-ord-1.', details: [] },
    });
    expect(unknown).toEqual({
      status: 404,
      body: { code: 'credit_note_not_found', message: 'There is no credit note cn-2 of invoice inv-ord-1.', details: [] },
    });
  });

  it('refuses a malformed id with 400, naming it', async () => {
    const { status, body } = await getNote('inv-ord-1', '../etc/passwd', 'cust-42');

    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'invalid_request', details: [{ path: 'creditNoteId' }] });
  });
});
