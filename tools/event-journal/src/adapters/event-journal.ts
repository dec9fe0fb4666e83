import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { OrderEvent } from '@ecommerce/shared-events';

export interface EventJournal {
  /** Records an event once: a redelivered event leaves the journal unchanged. */
  record(event: OrderEvent): Promise<void>;
  /** Events oldest first, of one order or of all orders. */
  list(orderId?: string): Promise<OrderEvent[]>;
}

export const createEventJournal = ({
  tableName,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({})),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): EventJournal => ({
  record: async (event) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: { orderId: event.orderId, eventKey: `${event.time}#${event.id}`, event },
          ConditionExpression: 'attribute_not_exists(eventKey)',
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  },
  list: async (orderId) => {
    const items: Array<{ event: OrderEvent; eventKey: string }> = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        orderId === undefined
          ? new ScanCommand({ TableName: tableName, ExclusiveStartKey })
          : new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'orderId = :orderId',
              ExpressionAttributeValues: { ':orderId': orderId },
              ExclusiveStartKey,
            }),
      );
      items.push(...((page.Items ?? []) as typeof items));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => a.eventKey.localeCompare(b.eventKey)).map((item) => item.event);
  },
});
