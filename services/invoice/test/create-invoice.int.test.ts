import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, exampleEvent, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { describe, expect, it } from 'vitest';
import { createInvoiceRepository, invoicePartition } from '../src/adapters/invoice-repository.js';
import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createInvoice } from '../src/functions/create-invoice/create-invoice.js';
import { invoiceSeries } from '../src/domain/numbering.js';

// The table the local cloud created from this service's serverless.yml.
const tableName = 'invoice-local';
const client = createDocumentClient();
const invoices = createInvoiceRepository({ tableName, client });

const dependencies = (year: number) => {
  const sent: OrderEvent[] = [];
  const sender = { send: async (event: OrderEvent) => void sent.push(event) };
  return {
    sent,
    invoices,
    outbox: createOutboxRelay({ tableName, client, sender }),
    publisher: createEventPublisher({
      source: 'invoice',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
      sns: sender as never,
    }),
    now: () => new Date(Date.UTC(year, 5, 1)),
  };
};

const newOrder = () => exampleEvent('ORDER_CREATED', { id: randomUUID(), orderId: randomUUID() });

// Each test counts in a year of its own, far away, so that other tests' invoices do not interleave.
const freshYear = () => 2100 + Math.floor(Math.random() * 7000);

const numbersOf = async (orderIds: string[]) =>
  Promise.all(orderIds.map(async (orderId) => (await invoices.get(`inv-${orderId}`))?.invoiceNumber));

describe('issuing invoices on DynamoDB Local', () => {
  it('numbers concurrent invoices of one year 1, 2, 3, ... without a gap or a repeat', async () => {
    const year = freshYear();
    const deps = dependencies(year);
    const orders = Array.from({ length: 12 }, newOrder);

    await Promise.all(orders.map((order) => createInvoice(deps, order)));

    const numbers = (await numbersOf(orders.map((order) => order.orderId))).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`));
    expect(await invoices.lastSequence(invoiceSeries, year)).toBe(12);
  });

  it.each([2, 10])('issues one invoice for an order delivered %i times at once, and publishes only its event', async (times) => {
    const year = freshYear();
    const deps = dependencies(year);
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
    const deps = dependencies(freshYear());
    const order = newOrder();
    const failing = {
      ...deps,
      outbox: createOutboxRelay({ tableName, client, sender: { send: () => Promise.reject(new Error('SNS is down')) } }),
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
