import type { Invoice } from '@ecommerce/api-client';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvoiceRepository } from '../../src/adapters/invoice-repository.js';

const invoice = { invoiceId: 'inv-ord-1', customerId: 'cust-42' } as Invoice;
const invoices = { get: async (id: string) => (id === invoice.invoiceId ? invoice : undefined) } as InvoiceRepository;
// Token checks have tests of their own (lambda-kit); here a token names its caller, `operator.` an operator.
const verify = async (token: string) => ({
  customerId: token.replace(/^operator\./, ''),
  isOperator: token.startsWith('operator.'),
});

const get = async (invoiceId: string, token: string) => {
  const { createHandler } = await import('../../src/functions/get-invoice/handler.js');
  const request = {
    pathParameters: { invoiceId },
    headers: { authorization: `Bearer ${token}` },
  } as unknown as APIGatewayProxyEvent;
  const response = await createHandler(invoices, verify)(request, {} as Context);
  return { status: response.statusCode, body: JSON.parse(response.body) };
};

beforeEach(() => {
  for (const [name, value] of Object.entries({
    INVOICES_TABLE: 'invoices-test',
    TOKEN_ISSUER: 'http://127.0.0.1:1',
    TOKEN_JWKS_URI: 'http://127.0.0.1:1/.well-known/jwks.json',
    TOKEN_CLIENT_ID: 'test-client',
  })) {
    vi.stubEnv(name, value);
  }
});
afterEach(() => vi.unstubAllEnvs());

describe('GET /invoices/{invoiceId}', () => {
  it("answers the customer's own invoice", async () => {
    expect(await get('inv-ord-1', 'cust-42')).toEqual({ status: 200, body: invoice });
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
    expect(await get('inv-ord-1', 'operator.support-1')).toEqual({ status: 200, body: invoice });
  });
});
