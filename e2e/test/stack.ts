import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApiClient, type ApiClient, type CreateOrderRequest, type Product } from '@ecommerce/api-client';
import { contractCheck } from '@ecommerce/api-client/contract';
import { eventually, metricTotals, signIn, type SignInOptions } from '@ecommerce/local-cloud';
import { exampleData, type Address, type OrderEvent } from '@ecommerce/shared-events';

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

/**
 * The verified address the local issuer holds for a customer who signed in without naming one:
 * where the mail about their orders goes (the issuer's default). A unique customer has a mailbox of its own.
 */
export const emailOf = (customerId: string): string => `${customerId}@example.com`;

/**
 * Signs `customerId` in with an e-mail address of their account's (and whether it is verified), as
 * the user pool would hold it, before their first request; their API clients then use this sign-in.
 */
export const signInWithEmail = (customerId: string, email: Pick<SignInOptions, 'email' | 'emailVerified'>): Promise<string> => {
  const token = signIn(customerId, email);
  tokens.set(`${customerId} `, token);
  return token;
};

const checked = (client: ApiClient) => (client.use(contractCheck), client);
const clients = new Map<string, ApiClient>();

/** An API as `customerId`'s program would use it, signed in; every response is checked against openapi.yaml. */
const apiAs = (baseUrl: string, customerId: string, groups: string[]): ApiClient => {
  const key = `${baseUrl} ${customerId} ${groups.join(',')}`;
  if (!clients.has(key)) clients.set(key, checked(createApiClient({ baseUrl, token: () => tokenFor(customerId, groups) })));
  return clients.get(key)!;
};

/** The orders API as `customerId`'s program would use it. */
export const ordersApiAs = (customerId: string, groups: string[] = []): ApiClient => apiAs(ordersUrl, customerId, groups);

/** The invoice API (invoices and their credit notes) as `customerId`'s program would use it. */
export const invoicesApiAs = (customerId: string, groups: string[] = []): ApiClient => apiAs(invoicesUrl, customerId, groups);

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

const paymentSandbox = 'http://127.0.0.1:3010';
const sandboxAuth = { authorization: 'Bearer sk_test_e2e' };

/** What the payment provider charged and refunded for an order, in minor units: the customer's side of the money. */
export const moneyOf = async (orderId: string) => {
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const { data: intents } = (await (
    await fetch(`${paymentSandbox}/v1/payment_intents/search?query=${query}`, { headers: sandboxAuth })
  ).json()) as {
    data: Array<{ id: string; status: string; amount: number }>;
  };
  const charged = intents.filter((intent) => intent.status === 'succeeded').reduce((sum, intent) => sum + intent.amount, 0);
  const refunds: number[] = [];
  for (const intent of intents) {
    const { data } = (await (
      await fetch(`${paymentSandbox}/v1/refunds?payment_intent=${intent.id}`, { headers: sandboxAuth })
    ).json()) as {
      data: Array<{ amount: number }>;
    };
    refunds.push(...data.map((refund) => refund.amount));
  }
  return { charged, refunds, refunded: refunds.reduce((sum, amount) => sum + amount, 0) };
};

/** The carrier sandbox's bookings of an order, with where each goes and its status (booked, cancelled, collected). */
export const bookingsOf = async (orderId: string) =>
  (
    (await (await fetch(`http://127.0.0.1:3011/v1/shipments?reference=${encodeURIComponent(orderId)}`)).json()) as {
      data: Array<{ shipmentId: string; status: string; recipient: Address }>;
    }
  ).data;

/**
 * Delivers an event to one function exactly as the local cloud's SNS subscription does (an SNS
 * record, through serverless-offline's Lambda invoke API), and waits for the function to finish:
 * a delivery that arrives late, at a moment the test chooses.
 */
export const deliverNow = async (target: { functionName: string; lambdaPort: number }, event: OrderEvent) => {
  const response = await fetch(`http://127.0.0.1:${target.lambdaPort}/2015-03-31/functions/${target.functionName}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-amz-invocation-type': 'RequestResponse' },
    body: JSON.stringify({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          Sns: {
            Type: 'Notification',
            MessageId: randomUUID(),
            Message: JSON.stringify(event),
            MessageAttributes: { type: { Type: 'String', Value: event.type } },
            Timestamp: new Date().toISOString(),
          },
        },
      ],
    }),
  });
  const text = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) throw new Error(`${target.functionName} failed: ${text}`);
};

/** A metric's total across services and dimensions, as CloudWatch would sum it from the local cloud's logs. */
export const metricTotal = (name: string) =>
  metricTotals()
    .filter((metric) => metric.name === name && metric.namespace === 'ecommerce/local')
    .reduce((sum, metric) => sum + metric.total, 0);
