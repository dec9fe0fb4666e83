import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Product } from '@ecommerce/api-client';

/** The table's key, where a page of the catalogue stops; what a page cursor holds. */
export const productKey = { productId: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/ };
export type ProductKey = { productId: string };

interface ProductPage {
  items: Product[];
  next?: ProductKey;
}

export interface ProductRepository {
  page(limit: number, after?: ProductKey): Promise<ProductPage>;
  get(productId: string): Promise<Product | undefined>;
  /** The products found among `productIds`, in one round trip to the table. */
  getMany(productIds: string[]): Promise<Product[]>;
}

// Only the attributes the API promises leave the table, whatever else an item may hold.
const toProduct = (item: Record<string, unknown>): Product => {
  const { productId, name, description, unitPrice, currency, package: pack } = item as unknown as Product;
  return { productId, name, description, unitPrice, currency, package: pack };
};

const batchGetLimit = 100;

export const createProductRepository = ({
  tableName,
  client = DynamoDBDocumentClient.from(new DynamoDBClient({})),
}: {
  tableName: string;
  client?: DynamoDBDocumentClient;
}): ProductRepository => ({
  page: async (limit, after) => {
    const result = await client.send(new ScanCommand({ TableName: tableName, Limit: limit, ExclusiveStartKey: after }));
    const last = result.LastEvaluatedKey as ProductKey | undefined;
    return { items: (result.Items ?? []).map(toProduct), ...(last ? { next: { productId: last.productId } } : {}) };
  },
  get: async (productId) => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { productId } }));
    return Item ? toProduct(Item) : undefined;
  },
  getMany: async (productIds) => {
    if (productIds.length > batchGetLimit) throw new Error(`at most ${batchGetLimit} products at once`);
    const found: Product[] = [];
    let keys: Array<Record<string, unknown>> = productIds.map((productId) => ({ productId }));
    // DynamoDB may leave keys unprocessed under load; they are asked for again until none is left.
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
      found.push(...(result.Responses?.[tableName] ?? []).map(toProduct));
      keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      if (attempt > 8 && keys.length > 0) throw new Error('DynamoDB kept keys unprocessed');
    }
    return found;
  },
});
