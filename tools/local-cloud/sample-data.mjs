// @ts-check
/**
 * The sample data a service declares in `custom.localCloud.seed` ([{ table: <logical id>, file }]):
 * the local cloud loads it at every start, `pnpm run deploy` into a new stage's empty table.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Each seed of a service with its table's name and its items.
 * @param {{ seeds: Array<{ table: string, file: string }>, resources: Record<string, { Type: string, Properties?: Record<string, any> }>, serviceDir: string }} service
 * @returns {Array<{ tableName: string, file: string, items: Array<Record<string, unknown>> }>}
 */
export const sampleData = ({ seeds, resources, serviceDir }) =>
  seeds.map(({ table, file }) => {
    const tableName = resources[table]?.Type === 'AWS::DynamoDB::Table' ? resources[table]?.Properties?.TableName : undefined;
    if (typeof tableName !== 'string')
      throw new Error(`custom.localCloud.seed names ${table}, which is not a table of this service`);
    return { tableName, file, items: JSON.parse(readFileSync(resolve(serviceDir, file), 'utf8')) };
  });

/**
 * Puts the items 25 at a time (BatchWriteItem's most), again until DynamoDB has taken every one.
 * @param {import('@aws-sdk/lib-dynamodb').DynamoDBDocumentClient} documents
 * @param {string} tableName
 * @param {Array<Record<string, unknown>>} items
 */
export const putItems = async (documents, tableName, items) => {
  for (let start = 0; start < items.length; start += 25) {
    /** @type {Record<string, any[]> | undefined} */
    let pending = { [tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (pending && Object.keys(pending).length > 0) {
      /** @type {import('@aws-sdk/lib-dynamodb').BatchWriteCommandOutput} */
      const result = await documents.send(new BatchWriteCommand({ RequestItems: pending }));
      pending = result.UnprocessedItems;
    }
  }
};
