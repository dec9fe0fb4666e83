import { createDocumentClient } from '@ecommerce/lambda-kit';
import { createOutboxRelay } from '@ecommerce/outbox';
import { createEventPublisher, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import { createInvoiceRepository } from '../src/adapters/invoice-repository.js';
import type { CreateInvoiceDependencies } from '../src/use-cases/invoice-dependencies.js';
import { retryLostNumbers } from '../src/use-cases/issue-under-next-number.js';

// The table the local cloud created from this service's serverless.yml.
export const tableName = 'invoice-local';
export const client = createDocumentClient();
export const invoices = createInvoiceRepository({ tableName, client });

/** A year of its own for a test, far away, so that other tests' documents do not interleave with its numbers. */
export const freshYear = () => 2100 + Math.floor(Math.random() * 7000);

/** As long as a writer that loses numbers may keep trying: an invocation's, of the function's 10 s. */
export const retry = retryLostNumbers(8_000);

/**
 * Document numbers by series: { A: [1, 2, 3], B: [1, 2] } for INV-2026-A-000001, ..., each series'
 * numbers in order, repeats kept, so that a series without gap or repeat reads 1, 2, ..., n.
 */
export const bySeries = (numbers: Array<string | undefined>): Record<string, number[]> => {
  const series: Record<string, number[]> = {};
  for (const number of numbers) {
    const [, letter, sequence] = /^[A-Z]+-\d{4}-([A-Z])-(\d{6})$/.exec(number ?? '') ?? [];
    if (!letter || !sequence) throw new Error(`${number} is not a document number`);
    (series[letter] ??= []).push(Number(sequence));
  }
  for (const sequences of Object.values(series)) sequences.sort((a, b) => a - b);
  return series;
};

export const gapless = (series: Record<string, number[]>) =>
  Object.fromEntries(Object.entries(series).map(([letter, sequences]) => [letter, sequences.map((_, i) => i + 1)]));

/** Invoice's writers against the local cloud's table, dated in `year`, with what their outbox sends kept in `sent`. */
export const localInvoiceDependencies = (
  year: number,
  letters?: readonly string[],
): CreateInvoiceDependencies & { sent: OrderEvent[] } => {
  const sent: OrderEvent[] = [];
  const sender = { send: async (event: OrderEvent) => void sent.push(event) };
  return {
    sent,
    invoices,
    outbox: createOutboxRelay({ tableName, client, sender, owner: 'invoice' }),
    publisher: createEventPublisher({
      source: 'invoice',
      validators: eventValidators,
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:unused',
      sns: sender as never,
    }),
    now: () => new Date(Date.UTC(year, 5, 1)),
    ...(letters ? { letters } : {}),
  };
};
