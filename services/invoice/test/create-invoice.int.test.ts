import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createOutboxRelay } from '@ecommerce/outbox';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { invoicePartition } from '../src/adapters/invoice-repository.js';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { invoiceSeries } from '../src/domain/numbering.js';
import { client, freshYear, invoices, localInvoiceDependencies, tableName } from './local-invoice-dependencies.js';

const newOrder = () => exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });

const numbersOf = async (orderIds: string[]) =>
  Promise.all(orderIds.map(async (orderId) => (await invoices.get(`inv-${orderId}`))?.invoiceNumber));

describe('issuing invoices on DynamoDB Local', () => {
  it('numbers concurrent invoices of one year 1, 2, 3, ... without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year);
    const orders = Array.from({ length: 12 }, newOrder);

    await Promise.all(orders.map((order) => createInvoice(deps, order)));

    const numbers = (await numbersOf(orders.map((order) => order.orderId))).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`));
    expect(await invoices.lastSequence(invoiceSeries, year)).toBe(12);
  });

  it.each([2, 10])('issues one invoice for an order delivered %i times at once, and publishes only its event', async (times) => {
    const year = freshYear();
    const deps = localInvoiceDependencies(year);
    const order = newOrder();

    await Promise.all(Array.from({ length: times }, () => createInvoice(deps, order)));

    expect(await invoices.lastSequence(invoiceSeries, year)).toBe(1);
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
    await expect(createInvoice(failing, order)).rejects.toThrow(/INVOICE_CREATED .* could not be sent/);
    console.error = silence;

    await createInvoice(deps, order);

    expect(deps.sent).toHaveLength(1);
    expect(deps.sent[0]).toMatchObject({ type: 'INVOICE_CREATED', orderId: order.orderId });
  });
});
