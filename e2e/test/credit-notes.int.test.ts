import type { Invoice } from '@ecommerce/api-client';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  emailOf,
  invoicesApiAs,
  moneyOf,
  operatorId,
  orderFor,
  ordersApiAs,
  placeOrder,
  someProducts,
  uniqueCustomer,
  waitForEvent,
  settling,
} from './stack.js';

needs('local-issuer', 'mailbox', 'event-journal', 'payment-ledger', 'payment-sandbox-cards', 'carrier-sandbox');

/** The invoice of an order once its refund is documented: one credit note, and the provider's refund done. */
const refundedInvoice = (orderId: string, customerId: string) =>
  vi.waitFor(
    async () => {
      const { data: invoice } = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}', {
        params: { path: { invoiceId: `inv-${orderId}` } },
      });
      const money = await moneyOf(orderId);
      expect(!!invoice && invoice.creditNotes.length > 0 && money.refunded > 0, 'the refund and its credit note').toBe(true);
      return { invoice: invoice!, money };
    },
    { ...settling, timeout: 30_000 },
  );

/** The promise of credit notes, as the customer can check it: the invoice's total minus its credit notes is what they paid. */
const expectBalanceIsWhatWasPaid = (invoice: Invoice, money: { charged: number; refunded: number }) => {
  expect(invoice.balance).toEqual({
    amount: invoice.total.amount - invoice.creditNotes.reduce((sum, note) => sum + note.amount.amount, 0),
    currency: invoice.total.currency,
  });
  expect(invoice.balance.amount).toBe(money.charged - money.refunded);
};

/** A credit note is its customer's and the operators' to read, and nobody else's. */
const expectReadableByItsCustomerOnly = async (invoice: Invoice, customerId: string) => {
  const [note] = invoice.creditNotes;
  const path = { params: { path: { invoiceId: invoice.invoiceId, creditNoteId: note!.creditNoteId } } };

  const mine = await invoicesApiAs(customerId).GET('/invoices/{invoiceId}/credit-notes/{creditNoteId}', path);
  const operators = await invoicesApiAs(operatorId, ['operators']).GET('/invoices/{invoiceId}/credit-notes/{creditNoteId}', path);
  const theirs = await invoicesApiAs(uniqueCustomer()).GET('/invoices/{invoiceId}/credit-notes/{creditNoteId}', path);

  expect(mine.data).toEqual(note);
  expect(operators.data).toEqual(note);
  expect(theirs.response.status).toBe(404);
  expect(theirs.error).toMatchObject({ code: 'credit_note_not_found' });
};

describe('credit notes', () => {
  it('document the refund of an order cancelled after its card was charged, leaving a balance of what the customer paid', async () => {
    const customerId = uniqueCustomer();
    const customer = ordersApiAs(customerId);
    // The provider takes 3 s to charge this card: the cancellation lands once the money is being taken.
    const { data: placed } = await placeOrder({
      ...orderFor(customerId, await someProducts(1)),
      paymentToken: 'pm_card_slowProvider',
    });
    const orderId = placed!.orderId;
    await expect
      .poll(async () => (await customer.GET('/orders/{orderId}', { params: { path: { orderId } } })).data?.status, {
        ...settling,
        message: 'billing to be charging the card',
      })
      .toBe('INVOICE_CREATED');
    expect((await customer.POST('/orders/{orderId}/cancel', { params: { path: { orderId } } })).response.status).toBe(200);

    const { invoice, money } = await refundedInvoice(orderId, customerId);

    expect(money).toMatchObject({ charged: placed!.total.amount, refunded: placed!.total.amount });
    expect(invoice.creditNotes).toEqual([
      expect.objectContaining({
        creditNoteNumber: expect.stringMatching(/^CN-\d{4}-[A-Z]-\d{6}$/),
        invoiceId: invoice.invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        orderId,
        customerId,
        amount: placed!.total,
      }),
    ]);
    expectBalanceIsWhatWasPaid(invoice, money);
    expect(invoice.balance.amount).toBe(0);
    await expectReadableByItsCustomerOnly(invoice, customerId);
    const announced = await waitForEvent(orderId, 'CREDIT_NOTE_CREATED');
    expect(announced).toMatchObject({
      source: 'invoice',
      data: { creditNoteId: invoice.creditNotes[0]!.creditNoteId, creditNoteNumber: invoice.creditNotes[0]!.creditNoteNumber },
    });
  });

  it('document the refund of a parcel the carrier refused, leaving a balance of what the customer paid', async () => {
    const customerId = uniqueCustomer();
    const body = orderFor(customerId, await someProducts(1));
    // The carrier does not deliver to Antarctica.
    const { data: placed } = await placeOrder({ ...body, deliveryAddress: { ...body.deliveryAddress, country: 'AQ' } });
    const orderId = placed!.orderId;

    const { invoice, money } = await refundedInvoice(orderId, customerId);

    expect(money).toMatchObject({ charged: placed!.total.amount, refunded: placed!.total.amount });
    expect(invoice.creditNotes).toEqual([
      expect.objectContaining({ amount: placed!.total, reason: expect.objectContaining({ code: 'destination_not_served' }) }),
    ]);
    expectBalanceIsWhatWasPaid(invoice, money);
    await expectReadableByItsCustomerOnly(invoice, customerId);
    const number = invoice.creditNotes[0]!.creditNoteNumber;
    await expect
      .poll(
        async () => {
          const { emails } = (await (await fetch('http://127.0.0.1:8005/store')).json()) as {
            emails: Array<{ subject: string; destination: { to: string[] } }>;
          };
          return emails.filter((email) => email.destination.to.includes(emailOf(customerId))).map((email) => email.subject);
        },
        { ...settling, message: 'the credit note email' },
      )
      .toContain(`Credit note ${number} for order ${orderId}`);
  });
});
