import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createApiClient, type ApiClient, type CreateOrderRequest, type Product } from '@ecommerce/api-client';
import { contractCheck } from '@ecommerce/api-client/contract';
import { metricTotals, orderEventsTopicArn, signIn, type SignInOptions } from '@ecommerce/local-cloud';
import { expect, vi } from 'vitest';
import { exampleData, type Address, type OrderEvent } from '@ecommerce/shared-events';
import { sign } from '@ecommerce/webhooks';
import type { Capability } from '../src/capabilities.js';
import { currentTarget, missingCapabilities } from '../src/target.js';
import { createTestUser, signInWithPassword } from '../src/test-users.js';

/** What this run tests: the local cloud, or a deployed stage (`pnpm test:aws`). */
export const target = currentTarget();

/** Refuses a lever the target lacks, naming it: the file that pulls it should have declared it with needs(). */
const lever = (capability: Capability, what: string) => {
  if (missingCapabilities(target, [capability]).length > 0)
    throw new Error(`${what} needs ${capability}, which the ${target.kind} target lacks`);
};

export const ordersUrl = target.urls.orders;
export const productsUrl = target.urls.products;
export const invoicesUrl = target.urls.invoices;
const journalUrl = 'http://127.0.0.1:3090/events';

/** Sign-ins by customer and groups; on AWS, only the run's test users have one. */
const signIns = new Map<string, () => Promise<string>>();
const tokens = new Map<string, Promise<string>>();
const signInKey = (customerId: string, groups: string[]) => `${customerId} ${groups.join(',')}`;

const cognito = target.userPool ? new CognitoIdentityProviderClient({ region: target.userPool.region }) : undefined;
const cognitoSignIn = (username: string, password: string) => () =>
  signInWithPassword(cognito!, { clientId: target.userPool!.clientId, username, password });

/** An operator of customer service (the `operators` group): reads any order. On AWS, the user the run created. */
export const operatorId = target.userPool?.operator.customerId ?? 'operator-e2e';
if (target.userPool) {
  const { username, password } = target.userPool.operator;
  signIns.set(signInKey(operatorId, ['operators']), cognitoSignIn(username, password));
}

/**
 * An access token for `customerId`, as a customer's program signs in (once per customer): from the
 * user pool for a customer of `newCustomer()` on AWS, else from the local cloud's issuer, which
 * signs in any customer id with any groups.
 */
export const tokenFor = (customerId: string, groups: string[] = []): Promise<string> => {
  const key = signInKey(customerId, groups);
  if (!tokens.has(key)) {
    const registered = signIns.get(key);
    if (!registered) lever('local-issuer', `a token for ${customerId}, who is no test user of this run,`);
    tokens.set(key, registered ? registered() : signIn(customerId, { groups }));
  }
  return tokens.get(key)!;
};

/** A customer id of nobody yet, which only the local issuer signs in: on AWS, use `newCustomer()`. */
export const uniqueCustomer = () => `cust-${randomUUID()}`;

/**
 * A new customer, with no orders yet, who can sign in: locally any new id; on AWS a user created
 * in the stage's pool for this run (and removed after it), whose id is their `sub`.
 */
export const newCustomer = async (): Promise<string> => {
  if (!target.userPool) return uniqueCustomer();
  const { userPoolId, usernamePrefix } = target.userPool;
  const user = await createTestUser(cognito!, { userPoolId, usernamePrefix });
  signIns.set(signInKey(user.customerId, []), cognitoSignIn(user.username, user.password));
  emails.set(user.customerId, user.email);
  return user.customerId;
};

/** The verified addresses of the run's test users on AWS, by customer id. */
const emails = new Map<string, string>();

/**
 * The verified address the identity provider holds for a customer: where the mail about their
 * orders goes. On AWS, the address the run gave its test user; locally the issuer's default for a
 * customer who signed in without naming one, so a unique customer has a mailbox of its own.
 */
export const emailOf = (customerId: string): string => emails.get(customerId) ?? `${customerId}@example.com`;

/**
 * Signs `customerId` in with an e-mail address of their account's (and whether it is verified), as
 * the user pool would hold it, before their first request; their API clients then use this sign-in.
 */
export const signInWithEmail = (customerId: string, email: Pick<SignInOptions, 'email' | 'emailVerified'>): Promise<string> => {
  lever('local-issuer', `a sign-in of ${customerId} with an e-mail of the test's choosing`);
  const token = signIn(customerId, email);
  tokens.set(signInKey(customerId, []), token);
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

export const operatorApi = ordersApiAs(operatorId, ['operators']);
export const productsApi = checked(createApiClient({ baseUrl: productsUrl }));

/** POST /orders as the customer the body names. */
export const placeOrder = (body: CreateOrderRequest & { customerId: string }, headers: Record<string, string> = {}) =>
  ordersApiAs(body.customerId).POST('/orders', { body, headers });

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
  lever('event-journal', 'reading the event journal');
  const response = await fetch(orderId ? `${journalUrl}?orderId=${encodeURIComponent(orderId)}` : journalUrl);
  return ((await response.json()) as { items: OrderEvent[] }).items;
};

export const eventsOf = async (customerId: string): Promise<OrderEvent[]> =>
  (await journal()).filter((event) => (event.data as { customerId?: string }).customerId === customerId);

/**
 * How long an asynchronous outcome may take to show (vi.waitFor, expect.poll): 15 s unless a test says
 * otherwise, asked every 100 ms.
 */
export const settling = { timeout: 15_000, interval: 100 };

export const waitForEvent = (orderId: string, type: OrderEvent['type']) =>
  vi.waitFor(async () => {
    const event = (await journal(orderId)).find((event) => event.type === type);
    expect(event, `${type} of ${orderId} in the event journal`).toBeDefined();
    return event!;
  }, settling);

const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The orders of a customer as the orders table holds them, read behind the API's back. */
export const storedOrdersOf = async (customerId: string): Promise<unknown[]> => {
  lever('tables', 'reading the orders table');
  const { Items } = await dynamodb.send(
    new ScanCommand({
      TableName: 'orders-local',
      FilterExpression: 'customerId = :c',
      ExpressionAttributeValues: { ':c': customerId },
    }),
  );
  return Items ?? [];
};

const paymentProvider = target.payments.url;
const providerAuth = { authorization: `Bearer ${target.payments.secretKey}` };

/** What the payment provider charged and refunded for an order, in minor units: the customer's side of the money. */
export const moneyOf = async (orderId: string) => {
  lever('payment-ledger', "reading the payment provider's charges");
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const { data: intents } = (await (
    await fetch(`${paymentProvider}/v1/payment_intents/search?query=${query}`, { headers: providerAuth })
  ).json()) as {
    data: Array<{ id: string; status: string; amount: number }>;
  };
  const charged = intents.filter((intent) => intent.status === 'succeeded').reduce((sum, intent) => sum + intent.amount, 0);
  const refunds: number[] = [];
  for (const intent of intents) {
    const { data } = (await (
      await fetch(`${paymentProvider}/v1/refunds?payment_intent=${intent.id}`, { headers: providerAuth })
    ).json()) as {
      data: Array<{ amount: number }>;
    };
    refunds.push(...data.map((refund) => refund.amount));
  }
  return { charged, refunds, refunded: refunds.reduce((sum, amount) => sum + amount, 0) };
};

/** The payment provider's PaymentIntents of an order, as it holds them. */
export const paymentIntentsOf = async (orderId: string) => {
  lever('payment-ledger', "reading the payment provider's charges");
  const query = encodeURIComponent(`metadata['orderId']:'${orderId}'`);
  const response = await fetch(`${paymentProvider}/v1/payment_intents/search?query=${query}`, { headers: providerAuth });
  return ((await response.json()) as { data: Array<Record<string, unknown> & { id: string; status: string; amount: number }> })
    .data;
};

/** The customer's answer on the bank's page (the sandbox's 3-D Secure form, posted as a browser would). */
export const authenticatePayment = async (nextActionUrl: string, outcome: 'complete' | 'fail') => {
  lever('payment-authentication', "answering the payment sandbox's authentication page");
  const page = await (await fetch(nextActionUrl)).text();
  const response = await fetch(nextActionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ outcome }).toString(),
    redirect: 'manual',
  });
  await response.body?.cancel();
  return { page, status: response.status, location: response.headers.get('location') };
};

/** The secret the local payment sandbox signs its webhooks with (serverless.common.yml, localPaymentWebhooks). */
const localWebhookSecret = 'whsec_local_sandbox';

/**
 * A webhook posted to billing as the payment provider would: a Stripe event about `object`,
 * signed in Stripe-Signature (with another secret or at another time, to forge one).
 */
export const postPaymentWebhook = async (
  type: string,
  object: Record<string, unknown>,
  { id = `evt_${randomUUID().replace(/-/g, '')}`, secret = localWebhookSecret, signedAt = Date.now() } = {},
) => {
  lever('payment-webhooks', 'posting webhooks to billing as the payment provider');
  const body = JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(signedAt / 1000),
    data: { object },
    livemode: false,
  });
  const response = await fetch('http://127.0.0.1:3003/payments/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Stripe-Signature': sign(secret, body, Math.floor(signedAt / 1000)) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** The carrier sandbox's bookings of an order, with where each goes and its status (booked, cancelled, collected). */
export const bookingsOf = async (orderId: string) => {
  lever('carrier-sandbox', "reading the carrier sandbox's bookings");
  return (
    (await (await fetch(`${target.urls.carrier}/v1/shipments?reference=${encodeURIComponent(orderId)}`)).json()) as {
      data: Array<{ shipmentId: string; status: string; recipient: Address }>;
    }
  ).data;
};

/**
 * Delivers an event to one function exactly as the local cloud's SNS subscription does (an SNS
 * record, through serverless-offline's Lambda invoke API), and waits for the function to finish:
 * a delivery that arrives late, at a moment the test chooses.
 */
export const deliverNow = async (to: { functionName: string; lambdaPort: number }, event: OrderEvent) => {
  lever('lambda-invoke', `invoking ${to.functionName} directly`);
  const response = await fetch(`http://127.0.0.1:${to.lambdaPort}/2015-03-31/functions/${to.functionName}/invocations`, {
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
            TopicArn: orderEventsTopicArn,
            Message: JSON.stringify(event),
            MessageAttributes: { type: { Type: 'String', Value: event.type } },
            Timestamp: new Date().toISOString(),
          },
        },
      ],
    }),
  });
  const text = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) throw new Error(`${to.functionName} failed: ${text}`);
};

/** A metric's total across services and dimensions, as CloudWatch would sum it from the local cloud's logs. */
export const metricTotal = (name: string) => {
  lever('local-logs', "summing metrics from the local cloud's logs");
  return metricTotals()
    .filter((metric) => metric.name === name && metric.namespace === 'ecommerce/local')
    .reduce((sum, metric) => sum + metric.total, 0);
};

/** The carrier sandbox's courier collects a booked parcel now, rather than after its wait; it takes it on from there. */
export const collectNow = async (shipmentId: string) => {
  lever('carrier-sandbox', "collecting with the carrier sandbox's courier");
  const response = await fetch(`${target.urls.carrier}/v1/shipments/${encodeURIComponent(shipmentId)}/collect`, {
    method: 'POST',
  });
  if (response.status !== 200) throw new Error(`the carrier sandbox did not collect ${shipmentId}: ${response.status}`);
};

const localCarrierWebhookSecret = /^localCarrierWebhookSecret: (\S+)$/m.exec(
  readFileSync(new URL('../../serverless.common.yml', import.meta.url), 'utf8'),
)?.[1];

/**
 * POSTs a webhook to shipment as the carrier does: signed with the stage's secret as of `signedAt`
 * (unix seconds) over `signedBody` (the body itself unless told otherwise, to tamper with it), or
 * with the header `signature` gives (`null`: none at all).
 */
export const carrierWebhook = async (
  body: string,
  {
    signature,
    signedAt = Math.floor(Date.now() / 1000),
    signedBody = body,
  }: { signature?: string | null; signedAt?: number; signedBody?: string } = {},
) => {
  lever('carrier-webhook-secret', "signing the carrier's webhooks");
  const header = signature === undefined ? sign(localCarrierWebhookSecret!, signedBody, signedAt) : signature;
  const response = await fetch('http://127.0.0.1:3005/carrier/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(header === null ? {} : { 'carrier-signature': header }) },
    body,
  });
  return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
};
