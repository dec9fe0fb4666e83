import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { orderEventsTopicArn } from '@ecommerce/local-cloud';
import { createEventPublisher, exampleData, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';

/**
 * How a test makes a dead letter (poison-messages.int.test.ts, and the console's redrive test,
 * which imports it as `@ecommerce/e2e/poison-message`).
 */

const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/**
 * A poison message: an invoice for an order that orders does not know. Every consumer of
 * INVOICE_CREATED that needs the order (orders/trackOrder, billing/chargeInvoice, email/sendEmail)
 * fails on it on every try, and it ends in their dead letters.
 */
export const publishPoisonMessage = (): Promise<OrderEvent<'INVOICE_CREATED'>> =>
  createEventPublisher({ source: 'invoice', validators: eventValidators, topicArn: orderEventsTopicArn }).publish({
    type: 'INVOICE_CREATED',
    orderId: randomUUID(),
    data: exampleData.INVOICE_CREATED,
  });

/**
 * The poison's cause goes away: its order appears, written behind the API's back as orders would
 * have stored it at creation, so that a redrive of the dead letter succeeds.
 */
export const createPoisonedOrder = async (poison: OrderEvent<'INVOICE_CREATED'>): Promise<void> => {
  await dynamodb.send(
    new PutCommand({
      TableName: 'orders-local',
      Item: {
        pk: `ORDER#${poison.orderId}`,
        sk: 'ORDER',
        ...exampleData.ORDER_CREATED,
        orderId: poison.orderId,
        status: 'ORDER_CREATED',
        paymentToken: 'pm_card_visa',
        createdAt: poison.time,
        updatedAt: poison.time,
        history: [{ status: 'ORDER_CREATED', at: poison.time, eventId: randomUUID() }],
        version: 1,
      },
    }),
  );
};
