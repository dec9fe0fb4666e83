import { InvokeCommand, LambdaClient, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deadLetterCommand } from '../../src/command.js';
import { createSqsDeadLetterStore } from '../../src/sqs-store.js';

const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);

const queueUrl = (name: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`;
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:order-events-qa';
const functionArn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

const notification = (messageId: string, type: string, orderId: string) => ({
  Type: 'Notification',
  MessageId: messageId,
  TopicArn: topicArn,
  Message: JSON.stringify({ id: `evt-${messageId}`, type, orderId, data: {} }),
  Timestamp: '2026-11-20T10:00:00.000Z',
  MessageAttributes: { type: { Type: 'String', Value: type } },
});

/** What Lambda puts in a function's on-failure destination once it gives up on an event. */
const invocationRecord = (functionName: string, messageId: string, type: string) => ({
  version: '1.0',
  timestamp: '2026-11-20T10:03:04.000Z',
  requestContext: {
    requestId: 'req-1',
    functionArn: `${functionArn(functionName)}:$LATEST`,
    condition: 'RetriesExhausted',
    approximateInvokeCount: 3,
  },
  requestPayload: {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:sub`,
        Sns: notification(messageId, type, 'ord-1'),
      },
    ],
  },
  responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
  responsePayload: { errorType: 'Error', errorMessage: 'orders answered 503 for order ord-1', trace: [] },
});

/** Queues as SQS holds them: each receive hands out what is still to receive, ten at most. */
const holding = (queues: Record<string, object[]>) => {
  const left = Object.fromEntries(
    Object.entries(queues).map(([name, bodies]) => [
      queueUrl(name),
      bodies.map((body, index): Message => ({
        MessageId: `m-${name}-${index}`,
        ReceiptHandle: `rh-${name}-${index}`,
        Body: JSON.stringify(body),
        Attributes: { SentTimestamp: String(Date.parse('2026-11-20T10:05:00.000Z')) },
      })),
    ]),
  );
  sqs
    .on(ListQueuesCommand)
    .resolves({ QueueUrls: [...Object.keys(left), queueUrl('orders-prod-dead-letters'), queueUrl('orders-qa-work')] });
  sqs
    .on(ReceiveMessageCommand)
    .callsFake(({ QueueUrl }: { QueueUrl: string }) => ({ Messages: left[QueueUrl]?.splice(0, 10) ?? [] }));
};

const store = () =>
  createSqsDeadLetterStore({
    stage: 'qa',
    clients: { sqs: new SQSClient({}), lambda: new LambdaClient({}), sns: new SNSClient({}) },
  });

const command = async (...args: string[]) => {
  const lines: string[] = [];
  const code = await deadLetterCommand(store(), args, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
};

beforeEach(() => {
  sqs.reset();
  lambda.reset();
  sns.reset();
});

describe('pnpm dead-letters --stage qa', () => {
  it("lists what Lambda gave up on in every service's dead-letter queue of the stage, as the local cloud lists its own", async () => {
    holding({
      'billing-qa-dead-letters': [invocationRecord('billing-qa-chargeInvoice', 'sns-1', 'INVOICE_CREATED')],
      'orders-qa-dead-letters': [],
    });

    const { code, output } = await command();

    expect(code).toBe(0);
    expect(output).toBe(
      [
        'billing-qa-chargeInvoice#sns-1',
        '  billing/chargeInvoice failed 3 times on INVOICE_CREATED evt-sns-1 (order ord-1)',
        '  first 2026-11-20T10:00:00.000Z, last 2026-11-20T10:03:04.000Z',
        '  Error: orders answered 503 for order ord-1',
      ].join('\n'),
    );
    expect(sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input.QueueUrl)).not.toContain(
      queueUrl('orders-prod-dead-letters'),
    );
  });

  it('lists more than one receive can hold, and leaves every message in its queue', async () => {
    holding({
      'email-qa-dead-letters': Array.from({ length: 13 }, (_, index) =>
        invocationRecord('email-qa-sendEmail', `sns-${index}`, 'SHIPPED'),
      ),
    });

    const letters = await store().list();

    expect(letters).toHaveLength(13);
    expect(sqs.commandCalls(DeleteMessageCommand)).toEqual([]);
    const madeVisible = sqs.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(madeVisible.map((entry) => entry.ReceiptHandle).sort()).toEqual(letters.map((letter) => letter.receiptHandle).sort());
    expect(madeVisible.every((entry) => entry.VisibilityTimeout === 0)).toBe(true);
  });

  it('says there are none when the queues are empty', async () => {
    holding({ 'orders-qa-dead-letters': [] });

    expect(await command()).toEqual({ code: 0, output: 'No dead letters.' });
  });

  it('lists what SNS could not deliver, under the function whose filter policy takes its type', async () => {
    holding({ 'billing-qa-dead-letters': [notification('sns-9', 'ORDER_CANCELLED', 'ord-9')] });
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { SubscriptionArn: 'sub-charge', Protocol: 'lambda', Endpoint: functionArn('billing-qa-chargeInvoice') },
        { SubscriptionArn: 'sub-refund', Protocol: 'lambda', Endpoint: functionArn('billing-qa-refundPayment') },
        { SubscriptionArn: 'sub-track', Protocol: 'lambda', Endpoint: functionArn('orders-qa-trackOrder') },
      ],
    });
    sns
      .on(GetSubscriptionAttributesCommand, { SubscriptionArn: 'sub-charge' })
      .resolves({ Attributes: { FilterPolicy: '{"type":["INVOICE_CREATED"]}' } });
    sns
      .on(GetSubscriptionAttributesCommand, { SubscriptionArn: 'sub-refund' })
      .resolves({ Attributes: { FilterPolicy: '{"type":["SHIPMENT_ERROR","ORDER_CANCELLED"]}' } });

    const { output } = await command();

    expect(output).toBe(
      [
        'billing-qa-refundPayment#sns-9',
        '  billing/refundPayment failed on ORDER_CANCELLED evt-sns-9 (order ord-9)',
        '  first 2026-11-20T10:00:00.000Z, last 2026-11-20T10:05:00.000Z',
        '  SNS could not deliver it to the function',
      ].join('\n'),
    );
  });
});

describe('pnpm dead-letters --stage qa redrive', () => {
  it('hands the event to its function once more and deletes the message when the function succeeds', async () => {
    const record = invocationRecord('orders-qa-trackOrder', 'sns-2', 'SHIPPED');
    holding({ 'orders-qa-dead-letters': [record] });
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });

    const { code, output } = await command('redrive', 'orders-qa-trackOrder#sns-2');

    expect(code).toBe(0);
    expect(output).toBe('orders-qa-trackOrder#sns-2: delivered');
    const invoked = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(invoked).toMatchObject({ FunctionName: 'orders-qa-trackOrder', InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(invoked.Payload as Uint8Array))).toEqual(record.requestPayload);
    expect(sqs.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: queueUrl('orders-qa-dead-letters'), ReceiptHandle: 'rh-orders-qa-dead-letters-0' },
    ]);
  });

  it('keeps the message when the function fails again, and says why', async () => {
    holding({ 'orders-qa-dead-letters': [invocationRecord('orders-qa-trackOrder', 'sns-3', 'SHIPPED')] });
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      // The SDK wraps the bytes in an adapter of its own; the store only decodes them.
      Payload: new TextEncoder().encode(
        JSON.stringify({ errorType: 'TypeError', errorMessage: 'status is undefined' }),
      ) as InvokeCommandOutput['Payload'],
    });

    const { code, output } = await command('redrive', '--all');

    expect(code).toBe(1);
    expect(output).toBe('orders-qa-trackOrder#sns-3: failed again: TypeError: status is undefined');
    expect(sqs.commandCalls(DeleteMessageCommand)).toEqual([]);
  });

  it('refuses a key that is in no queue', async () => {
    holding({ 'orders-qa-dead-letters': [] });

    await expect(command('redrive', 'orders-qa-trackOrder#nope')).rejects.toThrow('no dead letter orders-qa-trackOrder#nope');
  });
});
