import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterStore } from './command.js';

/** What a function receives from SNS, and what SNS keeps of a message it could not deliver. */
interface SnsNotification {
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

interface SnsEvent {
  Records: Array<{ EventSource: 'aws:sns'; EventVersion: string; EventSubscriptionArn: string; Sns: SnsNotification }>;
}

/** The record Lambda sends to a function's on-failure destination once it gives up on an event. */
interface InvocationRecord {
  timestamp: string;
  requestContext: { functionArn: string; condition: string; approximateInvokeCount: number };
  requestPayload: SnsEvent;
  responsePayload?: { errorType?: string; errorMessage?: string };
}

export interface SqsDeadLetter extends DeadLetter {
  queueUrl: string;
  receiptHandle: string;
  /** The function to hand it to, by name; undefined when none of the service takes its type. */
  functionName?: string;
  event: SnsEvent;
}

export interface AwsClients {
  sqs: SQSClient;
  lambda: LambdaClient;
  sns: SNSClient;
}

const functionNameOf = (arn: string) => arn.split(':')[6]!;

const describe = (message: Pick<SnsNotification, 'Message'>) => {
  try {
    const { id, type, orderId } = JSON.parse(message.Message) as { id?: string; type?: string; orderId?: string };
    return { eventId: id, eventType: type, orderId };
  } catch {
    // A message that is not JSON is exactly what a dead-letter queue is for: shown as it came.
    return {};
  }
};

/** A function's error as Lambda reports it, written as the local cloud writes it. */
const errorOf = (payload: { errorType?: string; errorMessage?: string } | undefined, fallback: string) =>
  payload?.errorMessage ? `${payload.errorType ?? 'Error'}: ${payload.errorMessage}` : fallback;

/**
 * The dead letters of a stage on AWS: every service's SQS queue `<service>-<stage>-dead-letters`
 * (the name every serverless.yml gives it, which a stack check holds them to). A queue holds two
 * kinds: Lambda's record of an event a function failed on after its retries (on-failure
 * destination), and a message SNS could not deliver to a function at all (a subscription's
 * redrive policy), which is handed to the function of the service whose filter policy takes its type.
 *
 * SQS has no peek: listing receives every message and makes it visible again at once, so that it
 * stays in its queue. A redrive runs the function once (RequestResponse) with the event it failed
 * on, and deletes the message only if the function succeeds.
 */
export const createSqsDeadLetterStore = ({
  stage,
  clients,
}: {
  stage: string;
  clients: AwsClients;
}): DeadLetterStore<SqsDeadLetter> => {
  const { sqs, lambda, sns } = clients;

  const queues = async (): Promise<Array<{ service: string; queueUrl: string }>> => {
    const pattern = new RegExp(`/([a-z0-9-]+)-${stage}-dead-letters$`);
    const found: Array<{ service: string; queueUrl: string }> = [];
    let NextToken: string | undefined;
    do {
      const page = await sqs.send(new ListQueuesCommand({ MaxResults: 1000, NextToken }));
      for (const queueUrl of page.QueueUrls ?? []) {
        const service = pattern.exec(queueUrl)?.[1];
        if (service) found.push({ service, queueUrl });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return found.sort((a, b) => a.service.localeCompare(b.service));
  };

  const receiveAll = async (queueUrl: string): Promise<Message[]> => {
    const received: Message[] = [];
    for (;;) {
      // Long polling asks every SQS host, so an empty answer means an empty queue.
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 120,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      if (Messages.length === 0) break;
      received.push(...Messages);
    }
    for (let start = 0; start < received.length; start += 10) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: received
            .slice(start, start + 10)
            .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
    }
    return received;
  };

  /** The functions of a service subscribed to a topic, with the types their filter policies take. */
  const subscribers = async (topicArn: string, service: string) => {
    const found: Array<{ functionName: string; subscriptionArn: string; types: string[] }> = [];
    let NextToken: string | undefined;
    do {
      const page = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken }));
      for (const { SubscriptionArn, Endpoint, Protocol } of page.Subscriptions ?? []) {
        if (Protocol !== 'lambda' || !functionNameOf(Endpoint!).startsWith(`${service}-${stage}-`)) continue;
        const { Attributes = {} } = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
        const policy = JSON.parse(Attributes['FilterPolicy'] ?? '{}') as { type?: string[] };
        found.push({ functionName: functionNameOf(Endpoint!), subscriptionArn: SubscriptionArn!, types: policy.type ?? [] });
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return found;
  };

  const fromMessage = async (service: string, queueUrl: string, message: Message): Promise<SqsDeadLetter> => {
    const body = JSON.parse(message.Body!) as InvocationRecord | SnsNotification;
    const common = { service, queueUrl, receiptHandle: message.ReceiptHandle! };
    if ('requestContext' in body) {
      const functionName = functionNameOf(body.requestContext.functionArn);
      const sent = body.requestPayload.Records[0]!.Sns;
      const error = errorOf(body.responsePayload, body.requestContext.condition);
      return {
        ...common,
        ...describe(sent),
        pk: `${functionName}#${sent.MessageId}`,
        function: functionName.slice(`${service}-${stage}-`.length),
        functionName,
        attempts: body.requestContext.approximateInvokeCount,
        error: body.requestContext.condition === 'EventAgeExceeded' ? `${error}; older than maximumEventAge` : error,
        // Lambda runs an event the moment SNS delivers it, so its first failure is about then.
        firstFailedAt: sent.Timestamp,
        lastFailedAt: body.timestamp,
        event: body.requestPayload,
      };
    }
    const described = describe(body);
    const type = body.MessageAttributes?.['type']?.Value;
    const subscriber = (await subscribers(body.TopicArn, service)).find(
      ({ types }) => type !== undefined && types.includes(type),
    );
    return {
      ...common,
      ...described,
      pk: `${subscriber?.functionName ?? `${service}-${stage}-?`}#${body.MessageId}`,
      function: subscriber ? subscriber.functionName.slice(`${service}-${stage}-`.length) : '?',
      ...(subscriber ? { functionName: subscriber.functionName } : {}),
      error: 'SNS could not deliver it to the function',
      firstFailedAt: body.Timestamp,
      lastFailedAt: new Date(Number(message.Attributes?.SentTimestamp)).toISOString(),
      event: {
        Records: [
          { EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: subscriber?.subscriptionArn ?? '', Sns: body },
        ],
      },
    };
  };

  return {
    list: async () => {
      const letters: SqsDeadLetter[] = [];
      for (const { service, queueUrl } of await queues()) {
        for (const message of await receiveAll(queueUrl)) letters.push(await fromMessage(service, queueUrl, message));
      }
      return letters.sort((a, b) => a.firstFailedAt.localeCompare(b.firstFailedAt));
    },
    redrive: async (letter) => {
      if (!letter.functionName) return { ok: false, error: `no function of ${letter.service} takes ${letter.eventType}` };
      const { FunctionError, Payload } = await lambda.send(
        new InvokeCommand({
          FunctionName: letter.functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(letter.event)),
        }),
      );
      if (FunctionError) {
        const text = new TextDecoder().decode(Payload);
        let payload: { errorType?: string; errorMessage?: string } | undefined;
        try {
          payload = JSON.parse(text) as typeof payload;
        } catch {
          // not JSON: keep the raw answer
        }
        return { ok: false, error: errorOf(payload, `${FunctionError}: ${text}`) };
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: letter.queueUrl, ReceiptHandle: letter.receiptHandle }));
      return { ok: true };
    },
  };
};
