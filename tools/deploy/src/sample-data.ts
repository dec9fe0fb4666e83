import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { putItems } from '@ecommerce/local-cloud/sample-data';

/**
 * Loads sample items into a table that has none, so that a new stage has a catalogue to order
 * from; a table with anything in it is someone's data and is left as it is. True if it loaded them.
 */
export const loadIntoEmptyTable = async (
  documents: DynamoDBDocumentClient,
  tableName: string,
  items: Array<Record<string, unknown>>,
): Promise<boolean> => {
  const { Count = 0 } = await documents.send(new ScanCommand({ TableName: tableName, Limit: 1, Select: 'COUNT' }));
  if (Count > 0) return false;
  await putItems(documents, tableName, items);
  return true;
};
