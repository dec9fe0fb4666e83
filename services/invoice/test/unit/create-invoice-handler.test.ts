import { exampleEvent, createEventPublisher } from '@ecommerce/shared-events';
import { INVOICE_CREATED } from '@ecommerce/shared-events/validators';
import type { Context, SNSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InvoiceRepository } from '../../src/adapters/invoice-repository.js';
import { createHandler } from '../../src/functions/create-invoice/make-handler.js';
import type { CreateInvoiceDependencies } from '../../src/use-cases/invoice-dependencies.js';

// The subscriber takes events from this topic only (ORDER_EVENTS_TOPIC_ARN), read when it is built.
beforeEach(() => vi.stubEnv('ORDER_EVENTS_TOPIC_ARN', 'arn:aws:sns:eu-west-1:123456789012:order-events-test'));
afterEach(() => vi.unstubAllEnvs());

/** Invoice's dependencies with a series in which this writer loses its first `losses` tries. */
const losingFirst = (losses: number) => {
  let tries = 0;
  const invoices = {
    get: async () => undefined,
    lastIssued: async () => ({ sequence: 0 }),
    issue: async (_invoice, place) => {
      tries += 1;
      return tries <= losses ? { numberTaken: { sequence: place.sequence } } : 'issued';
    },
  } as Pick<InvoiceRepository, 'get' | 'lastIssued' | 'issue'> as InvoiceRepository;
  const dependencies: CreateInvoiceDependencies = {
    invoices,
    outbox: { settle: async () => {} } as never,
    publisher: createEventPublisher({
      source: 'invoice',
      validators: { INVOICE_CREATED },
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
      sns: { send: async () => ({}) } as never,
    }),
  };
  return { dependencies, tries: () => tries };
};

const delivery = (): SNSEvent => {
  const order = exampleEvent('ORDER_CREATED');
  return {
    Records: [
      {
        Sns: {
          MessageId: 'm-1',
          TopicArn: process.env['ORDER_EVENTS_TOPIC_ARN'],
          Message: JSON.stringify(order),
          MessageAttributes: { type: { Type: 'String', Value: order.type } },
        },
      },
    ],
  } as unknown as SNSEvent;
};
const invokedWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs }) as Context;

describe('the createInvoice function', () => {
  it('keeps trying a lost number while the invocation has time', async () => {
    const { dependencies, tries } = losingFirst(3);

    await createHandler(dependencies)(delivery(), invokedWith(60_000));

    expect(tries()).toBe(4);
  });

  it('fails the invocation, to be delivered again, when no time is left beyond the reserve for publishing', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { dependencies, tries } = losingFirst(Number.POSITIVE_INFINITY);

    await expect(createHandler(dependencies)(delivery(), invokedWith(2_000))).rejects.toThrow(
      /no free number in series [A-Z] for the invoice of order .* in 1 attempts, as long as it could try: it fails, to be delivered again/,
    );
    expect(tries()).toBe(1);
    vi.restoreAllMocks();
  });
});
