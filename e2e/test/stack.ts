import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApiClient, type ApiClient, type CreateOrderRequest, type Product } from '@ecommerce/api-client';
import { contractCheck } from '@ecommerce/api-client/contract';
import { eventually, signIn } from '@ecommerce/local-cloud';
import { exampleData, type OrderEvent } from '@ecommerce/shared-events';

export const ordersUrl = 'http://127.0.0.1:3000';
export const productsUrl = 'http://127.0.0.1:3001';
const journalUrl = 'http://127.0.0.1:3090/events';

export const invoicesUrl = 'http://127.0.0.1:3002';

const tokens = new Map<string, Promise<string>>();

/** An access token for `customerId` from the local cloud's issuer, as a customer's program signs in (once per customer). */
export const tokenFor = (customerId: string, groups: string[] = []): Promise<string> => {
  const key = `${customerId} ${groups.join(',')}`;
  if (!tokens.has(key)) tokens.set(key, signIn(customerId, { groups }));
  return tokens.get(key)!;
};

const checked = (client: ApiClient) => (client.use(contractCheck), client);
const clients = new Map<string, ApiClient>();

/** The orders API as `customerId`'s program would use it, signed in; every response is checked against openapi.yaml. */
export const ordersApiAs = (customerId: string, groups: string[] = []): ApiClient => {
  const key = `${customerId} ${groups.join(',')}`;
  if (!clients.has(key))
    clients.set(key, checked(createApiClient({ baseUrl: ordersUrl, token: () => tokenFor(customerId, groups) })));
  return clients.get(key)!;
};

/** An operator of customer service (the `operators` group): reads any order. */
export const operatorId = 'operator-e2e';
export const operatorApi = ordersApiAs(operatorId, ['operators']);
export const productsApi = checked(createApiClient({ baseUrl: productsUrl }));

/** POST /orders as the customer the body names. */
export const placeOrder = (body: CreateOrderRequest & { customerId: string }, headers: Record<string, string> = {}) =>
  ordersApiAs(body.customerId).POST('/orders', { body, headers });

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
): CreateOrderRequest & { customerId: string } => ({
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

const sandbox = 'http://127.0.0.1:3010';
const auth = { authorization: 'Bearer sk_test_e2e' };

/** What the payment sandbox charged and refunded for an order, in minor units. */
export const moneyOf = async (orderId: string) => {
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const { data: intents } = (await (
    await fetch(`${sandbox}/v1/payment_intents/search?query=${query}`, { headers: auth })
  ).json()) as {
    data: Array<{ id: string; status: string; amount: number }>;
  };
  const charged = intents.filter((intent) => intent.status === 'succeeded').reduce((sum, intent) => sum + intent.amount, 0);
  let refunded = 0;
  for (const intent of intents) {
    const { data } = (await (await fetch(`${sandbox}/v1/refunds?payment_intent=${intent.id}`, { headers: auth })).json()) as {
      data: Array<{ amount: number }>;
    };
    refunded += data.reduce((sum, refund) => sum + refund.amount, 0);
  }
  return { charged, refunded };
};
