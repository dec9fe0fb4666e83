import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApiClient, type CreateOrderRequest, type Product } from '@ecommerce/api-client';
import { contractCheck } from '@ecommerce/api-client/contract';
import { eventually } from '@ecommerce/local-cloud';
import { exampleData, type OrderEvent } from '@ecommerce/shared-events';

export const ordersUrl = 'http://127.0.0.1:3000';
export const productsUrl = 'http://127.0.0.1:3001';
const journalUrl = 'http://127.0.0.1:3090/events';

/** Clients as a customer's program would build them; every response is checked against openapi.yaml. */
export const ordersApi = createApiClient({ baseUrl: ordersUrl });
export const productsApi = createApiClient({ baseUrl: productsUrl });
ordersApi.use(contractCheck);
productsApi.use(contractCheck);

export const uniqueCustomer = () => `cust-${randomUUID()}`;

export const someProducts = async (count: number): Promise<Product[]> => {
  const { data } = await productsApi.GET('/products', { params: { query: { limit: count } } });
  if (!data || data.items.length < count) throw new Error('the catalogue has too few products');
  return data.items;
};

export const orderFor = (
  customerId: string,
  products: Product[],
  overrides: Partial<CreateOrderRequest> = {},
): CreateOrderRequest => ({
  customerId,
  customerEmail: 'ada@example.com',
  currency: 'EUR',
  items: products.map((product, index) => ({ productId: product.productId, quantity: index + 1, unitPrice: product.unitPrice })),
  deliveryAddress: structuredClone(exampleData.ORDER_CREATED.deliveryAddress),
  paymentToken: 'pm_card_visa',
  ...overrides,
});

/** Every event the event journal has seen, oldest first. */
export const journal = async (orderId?: string): Promise<OrderEvent[]> => {
  const response = await fetch(orderId ? `${journalUrl}?orderId=${encodeURIComponent(orderId)}` : journalUrl);
  return ((await response.json()) as { items: OrderEvent[] }).items;
};

export const eventsOf = async (customerId: string): Promise<OrderEvent[]> =>
  (await journal()).filter((event) => (event.data as { customerId?: string }).customerId === customerId);

export const waitForEvent = (orderId: string, type: OrderEvent['type']) =>
  eventually(`${type} of ${orderId} in the event journal`, async () =>
    (await journal(orderId)).find((event) => event.type === type),
  );

const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The orders of a customer as the orders table holds them, read behind the API's back. */
export const storedOrdersOf = async (customerId: string): Promise<unknown[]> => {
  const { Items } = await dynamodb.send(
    new ScanCommand({
      TableName: 'orders-local',
      FilterExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    }),
  );
  return Items ?? [];
};
