import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createOutboxRelay } from '@ecommerce/outbox';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { invoicePartition } from '../src/adapters/invoice-repository.js';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { invoiceCreatedData, invoiceFor } from '../src/domain/invoice.js';
import { invoiceKind, seriesLetters } from '../src/domain/numbering.js';
import {
  bySeries,
  client,
  freshYear,
  gapless,
  invoices,
  localInvoiceDependencies,
  retry,
  tableName,
} from './local-invoice-dependencies.js';

const newOrder = () => exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });

const numbersOf = async (orderIds: string[]) =>
  Promise.all(orderIds.map(async (orderId) => (await invoices.get(`inv-${orderId}`))?.invoiceNumber));

describe('issuing invoices on DynamoDB Local', () => {
  it('numbers concurrent invoices of one series 1, 2, 3, ... without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A']);
    const orders = Array.from({ length: 12 }, newOrder);

    await Promise.all(orders.map((order) => createInvoice(deps, order, retry)));

    const numbers = (await numbersOf(orders.map((order) => order.orderId))).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `INV-${year}-A-${String(i + 1).padStart(6, '0')}`));
    expect((await invoices.lastIssued(invoiceKind, year, 'A')).sequence).toBe(12);
  });

  it('tells the writer that lost a number which number won, so that it tries the next without a read', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A']);
    const [first, second] = [newOrder(), newOrder()];
    await createInvoice(deps, first, retry);
    const issuedAt = new Date(Date.UTC(year, 5, 1));
    const invoice = invoiceFor(second, { place: { letter: 'A', sequence: 1 }, issuedAt });
    const event = deps.publisher.build({
      type: 'INVOICE_CREATED',
      orderId: second.orderId,
      causationId: second.id,
      data: invoiceCreatedData(invoice),
    });

    expect(await invoices.issue(invoice, { letter: 'A', sequence: 1 }, event)).toEqual({
      numberTaken: { sequence: 1, issuedAt: issuedAt.toISOString() },
    });
    expect(await invoices.get(invoice.invoiceId)).toBeUndefined();
  });

  it('numbers 90 invoices from 90 writers at once in 3 series, each 1, 2, 3, ... without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A', 'B', 'C']);
    const orders = Array.from({ length: 90 }, newOrder);

    await Promise.all(orders.map((order) => createInvoice(deps, order, retry)));

    const series = bySeries(await numbersOf(orders.map((order) => order.orderId)));
    expect(series).toEqual(gapless(series));
    expect(Object.values(series).flat()).toHaveLength(90);
    for (const [letter, sequences] of Object.entries(series)) {
      expect((await invoices.lastIssued(invoiceKind, year, letter)).sequence).toBe(sequences.length);
    }
    expect(new Set(deps.sent.map((event) => event.id)).size).toBe(90);
  });

  it('spreads invoices over the 26 series, each without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year);
    const orders = Array.from({ length: 60 }, newOrder);

    await Promise.all(orders.map((order) => createInvoice(deps, order, retry)));

    const series = bySeries(await numbersOf(orders.map((order) => order.orderId)));
    expect(series).toEqual(gapless(series));
    expect(Object.keys(series).every((letter) => seriesLetters.includes(letter))).toBe(true);
    // 60 at random over 26: one series for all of them would be a broken draw, not bad luck.
    expect(Object.keys(series).length).toBeGreaterThan(5);
  });

  it.each([2, 10])('issues one invoice for an order delivered %i times at once, and publishes only its event', async (times) => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year, ['A']);
    const order = newOrder();

    await Promise.all(Array.from({ length: times }, () => createInvoice(deps, order, retry)));

    expect((await invoices.lastIssued(invoiceKind, year, 'A')).sequence).toBe(1);
    expect(new Set(deps.sent.map((event) => event.id)).size).toBe(1);
    expect(deps.sent[0]).toMatchObject({ type: 'INVOICE_CREATED', orderId: order.orderId, causationId: order.id });
    const { Items } = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': invoicePartition(`inv-${order.orderId}`) },
      }),
    );
    expect(Items?.map((item) => item['sk'])).toEqual(['INVOICE']);
  });

  it('sends again an event that an earlier delivery stored but could not send', async () => {
    const deps = localInvoiceDependencies(freshYear());
    const order = newOrder();
    const failing = {
      ...deps,
      outbox: createOutboxRelay({
        tableName,
        client,
        sender: { send: () => Promise.reject(new Error('SNS is down')) },
        owner: 'invoice',
      }),
    };
    const silence = console.error;
    console.error = () => {};
    await expect(createInvoice(failing, order, retry)).rejects.toThrow(/INVOICE_CREATED .* could not be sent/);
    console.error = silence;

    await createInvoice(deps, order, retry);

    expect(deps.sent).toHaveLength(1);
    expect(deps.sent[0]).toMatchObject({ type: 'INVOICE_CREATED', orderId: order.orderId });
  });
});
