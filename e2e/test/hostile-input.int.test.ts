import { localCloud, reportFigure, signIn } from '@ecommerce/local-cloud';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { responseIssues } from '@ecommerce/api-client/contract';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  eventsOf,
  invoicesUrl,
  orderFor,
  ordersApiAs,
  ordersUrl,
  placeOrder,
  productsUrl,
  someProducts,
  storedOrdersOf,
  tokenFor,
  uniqueCustomer,
  waitForEvent,
} from './stack.js';
import type { Product } from '@ecommerce/api-client';
import { needs } from '../src/needs.js';

needs('local-issuer', 'event-journal', 'tables');

interface Case {
  name: string;
  /** The customer the request names, to look for anything it may have persisted or emitted. */
  customerId?: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  /** The path template in openapi.yaml, for the contract check. */
  path: string;
  body?: string;
  contentType?: string;
  /** The Authorization header; by default a valid access token of `customerId` (or of someone). */
  authorization?: string | null;
  status: number;
}

// Who sends the requests that name no customer.
const someone = uniqueCustomer();

const products: Product[] = await someProducts(1);

const orderCase = (
  name: string,
  status: number,
  mutate: (order: Record<string, unknown>) => unknown,
  contentType?: string,
): Case => {
  const customerId = uniqueCustomer();
  const order = orderFor(customerId, products) as unknown as Record<string, unknown>;
  const body = mutate(order);
  return {
    name,
    customerId,
    method: 'POST',
    url: `${ordersUrl}/orders`,
    path: '/orders',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    status,
    ...(contentType ? { contentType } : {}),
  };
};
const withItem = (order: Record<string, unknown>, item: Record<string, unknown>) => ({
  ...order,
  items: [{ ...(order['items'] as object[])[0], ...item }],
});
const deep = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

const cases = (): Case[] => [
  orderCase('invalid JSON', 422, (o) => JSON.stringify(o).slice(0, -3)),
  orderCase('a form instead of JSON', 415, () => 'customerId=x', 'application/x-www-form-urlencoded'),
  orderCase('a text/plain body', 415, (o) => JSON.stringify(o), 'text/plain'),
  orderCase('a __proto__ key', 400, (o) => JSON.stringify(o).replace(/^\{/, '{"__proto__":{"isAdmin":true},')),
  orderCase('a constructor key', 400, (o) => ({ ...o, constructor: { prototype: { isAdmin: true } } })),
  orderCase('an unknown field', 400, (o) => ({ ...o, discount: 100 })),
  orderCase('an over-long name', 400, (o) => ({
    ...o,
    deliveryAddress: { ...(o['deliveryAddress'] as object), name: 'A'.repeat(201) },
  })),
  orderCase('a negative quantity', 400, (o) => withItem(o, { quantity: -1 })),
  orderCase('a fractional quantity', 400, (o) => withItem(o, { quantity: 1.5 })),
  orderCase('a huge quantity', 400, (o) => withItem(o, { quantity: 1e20 })),
  orderCase('a negative price', 400, (o) => withItem(o, { unitPrice: -1999 })),
  orderCase('a fractional price', 400, (o) => withItem(o, { unitPrice: 19.99 })),
  orderCase('a huge price', 400, (o) => withItem(o, { unitPrice: Number.MAX_SAFE_INTEGER })),
  orderCase('a price as a string', 400, (o) => withItem(o, { unitPrice: '1999' })),
  orderCase('too many items', 400, (o) => ({
    ...o,
    items: Array.from({ length: 51 }, (_, i) => ({ productId: `p${i}`, quantity: 1, unitPrice: 1 })),
  })),
  orderCase('a body over 32 KiB', 413, (o) => ({ ...o, filler: 'x'.repeat(40 * 1024) })),
  orderCase('nesting 200 levels deep', 400, (o) => ({ ...o, deliveryAddress: deep(200) })),
  orderCase('a malformed product id', 400, (o) => withItem(o, { productId: '../../etc/passwd' })),
  orderCase('a lone surrogate', 400, (o) =>
    JSON.stringify({ ...o, deliveryAddress: { ...(o['deliveryAddress'] as object), city: 'LONDON' } }).replace(
      'LONDON',
      '\\ud83d',
    ),
  ),
  orderCase('a right-to-left override in an id', 400, (o) => ({ ...o, customerId: 'cust\u202Egnp.exe' })),
  orderCase('a null body', 400, () => 'null'),
  orderCase('an empty body', 400, () => ''),
  {
    name: 'a malformed order id',
    method: 'GET',
    url: `${ordersUrl}/orders/${encodeURIComponent('ord 1; DROP TABLE')}`,
    path: '/orders/{orderId}',
    status: 400,
  },
  {
    name: 'a 65-character order id',
    method: 'GET',
    url: `${ordersUrl}/orders/${'a'.repeat(65)}`,
    path: '/orders/{orderId}',
    status: 400,
  },
  {
    name: 'an emoji order id',
    method: 'GET',
    url: `${ordersUrl}/orders/${encodeURIComponent('🧨')}`,
    path: '/orders/{orderId}',
    status: 400,
  },
  {
    name: 'a malformed internal order id',
    method: 'GET',
    url: `${ordersUrl}/internal/orders/a%20b`,
    path: '/internal/orders/{orderId}',
    status: 400,
  },
  { name: 'a negative page size', method: 'GET', url: `${productsUrl}/products?limit=-1`, path: '/products', status: 400 },
  { name: 'a page size in words', method: 'GET', url: `${productsUrl}/products?limit=ten`, path: '/products', status: 400 },
  {
    name: 'a page size in exponent form',
    method: 'GET',
    url: `${productsUrl}/products?limit=1e1`,
    path: '/products',
    status: 400,
  },
  {
    name: 'a forged cursor',
    method: 'GET',
    url: `${productsUrl}/products?cursor=${'A'.repeat(100)}`,
    path: '/products',
    status: 400,
  },
  {
    name: 'a malformed product id',
    method: 'GET',
    url: `${productsUrl}/products/${encodeURIComponent('<script>')}`,
    path: '/products/{productId}',
    status: 400,
  },
  {
    name: 'a malformed invoice id',
    method: 'GET',
    url: `${invoicesUrl}/invoices/${encodeURIComponent("' OR 1=1")}`,
    path: '/invoices/{invoiceId}',
    status: 400,
  },
  ...patchCases(),
  {
    name: 'a lookup of 101 products',
    method: 'POST',
    url: `${productsUrl}/internal/products/lookup`,
    path: '/internal/products/lookup',
    body: JSON.stringify({ productIds: Array.from({ length: 101 }, (_, i) => `p${i}`) }),
    status: 400,
  },
  {
    name: 'a lookup with a __proto__ key',
    method: 'POST',
    url: `${productsUrl}/internal/products/lookup`,
    path: '/internal/products/lookup',
    body: '{"productIds":["p1"],"__proto__":{"x":1}}',
    status: 400,
  },
  {
    name: 'a lookup that is not JSON',
    method: 'POST',
    url: `${productsUrl}/internal/products/lookup`,
    path: '/internal/products/lookup',
    body: '{',
    status: 422,
  },
];

/** PATCH /orders/{orderId}: every body is checked before the order is read, so no order needs to exist. */
function patchCases(): Case[] {
  const url = `${ordersUrl}/orders/ord-hostile-patch`;
  const address = { name: 'Ada', street: ['1 Street'], city: 'Leeds', postalCode: 'LS1', country: 'GB' };
  const patch = (name: string, body: unknown, status = 400): Case => ({
    name,
    method: 'PATCH',
    url,
    path: '/orders/{orderId}',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    status,
  });
  return [
    patch('an empty change', {}),
    patch('an unknown field', { deliveryAddress: address, giftWrap: true }),
    patch('an address and items at once', { deliveryAddress: address, items: [{ productId: 'p1', quantity: 1, unitPrice: 1 }] }),
    patch('an address without a city', { deliveryAddress: { ...address, city: undefined } }),
    patch('a country that is not ISO 3166', { deliveryAddress: { ...address, country: 'Narnia' } }),
    patch('no items at all', { items: [] }),
    patch('a quantity of zero', { items: [{ productId: 'p1', quantity: 0, unitPrice: 100 }] }),
    patch('a price as a float', { items: [{ productId: 'p1', quantity: 1, unitPrice: 9.99 }] }),
    patch('a status set by hand', { status: 'SHIPPED' }),
    patch(
      'a __proto__ key',
      '{"deliveryAddress":{"name":"A","street":["s"],"city":"c","postalCode":"p","country":"GB"},"__proto__":{"x":1}}',
    ),
    patch('a change that is not JSON', '{', 422),
  ];
}

const send = async (request: Case) => {
  const authorization =
    request.authorization === undefined ? `Bearer ${await tokenFor(request.customerId ?? someone)}` : request.authorization;
  const response = await fetch(request.url, {
    method: request.method,
    headers: {
      ...(authorization === null ? {} : { authorization }),
      ...(request.body === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
};

describe('hostile input on every HTTP endpoint', () => {
  const table = cases();
  const answers = new Map<string, { status: number; body: unknown }>();

  beforeAll(async () => {
    for (const request of table) answers.set(`${request.method} ${request.path} ${request.name}`, await send(request));
    // A fence: an order placed after every hostile request has its event in the journal, so an
    // event emitted by any of them would have had its chance to arrive too.
    const fence = await placeOrder(orderFor(uniqueCustomer(), products));
    await waitForEvent(fence.data!.orderId, 'ORDER_CREATED');
    reportFigure('hostile input, table', {
      requests: table.length,
      fiveHundreds: [...answers.values()].filter((a) => a.status >= 500).length,
    });
  });

  it.each(table.map((request) => [`${request.method} ${request.path} with ${request.name}`, request] as const))(
    '%s: the right 4xx, a JSON error, nothing persisted or emitted',
    async (_, request) => {
      const answer = answers.get(`${request.method} ${request.path} ${request.name}`)!;

      expect(answer.status).toBe(request.status);
      expect(answer.body).toEqual({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
      expect(JSON.stringify(answer.body)).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|Exception/);
      expect(responseIssues(request.method, request.path, answer.status, answer.body)).toEqual([]);
      if (request.customerId) {
        expect(await storedOrdersOf(request.customerId)).toEqual([]);
        expect(await eventsOf(request.customerId)).toEqual([]);
      }
    },
  );
});

describe('arbitrary orders', () => {
  it('never get a 5xx: any value in any field is answered 201 or a 4xx, and a 4xx persists nothing', async () => {
    const statuses: Record<string, number> = {};
    // Where a value goes, as a path into the order; what goes there mixes the plausible with the absurd.
    const places = [
      ['customerId'],
      ['currency'],
      ['paymentToken'],
      ['items', 0, 'quantity'],
      ['items', 0, 'unitPrice'],
      ['items', 0, 'productId'],
      ['deliveryAddress', 'country'],
      ['deliveryAddress', 'street'],
    ] as const;
    const values = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.integer({ min: -5, max: 120 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('GB', 'EUR', 'pm_card_visa', products[0]!.productId),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), values, async (place, value) => {
        const customerId = uniqueCustomer();
        const order = structuredClone(orderFor(customerId, products)) as unknown as Record<string, unknown>;
        let target = order as Record<string | number, unknown>;
        for (const step of place.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
        target[place[place.length - 1]!] = value;
        const answer = await send({
          name: 'arbitrary',
          customerId,
          method: 'POST',
          url: `${ordersUrl}/orders`,
          path: '/orders',
          body: JSON.stringify(order),
          status: 0,
        });
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        expect(answer.status === 201 || (answer.status >= 400 && answer.status < 500)).toBe(true);
        expect(responseIssues('POST', '/orders', answer.status, answer.body)).toEqual([]);
        if (answer.status !== 201 && place[0] !== 'customerId') expect(await storedOrdersOf(customerId)).toEqual([]);
      }),
      { numRuns: 80, seed: 20261121 },
    );
    reportFigure('hostile input, property', {
      runs: 80,
      ...Object.fromEntries(Object.entries(statuses).map(([status, n]) => [`status${status}`, n])),
    });
  }, 180_000);
});

// Hostile tokens: each way a token can be wrong, on every route that needs one.
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with every claim of a real one for `customerId`, signed with a key the issuer never published. */
const forged = async (customerId: string) => {
  const claims = decodeJwt(await signIn(customerId));
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
};

/** A real token of `customerId` whose payload now names someone else: the signature no longer matches. */
const tampered = async (customerId: string, someoneElse: string) => {
  const [header, payload, signature] = (await signIn(customerId)).split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${base64url({ ...claims, sub: someoneElse })}.${signature}`;
};

/** The claims of a real token for `customerId`, unsigned. */
const unsigned = async (customerId: string) =>
  `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(decodeJwt(await signIn(customerId)))}.`;

const idToken = async (customerId: string) => {
  const form = new URLSearchParams({ grant_type: 'password', username: customerId, password: 'x' });
  const body = (await (await fetch(`${localCloud.issuer.url}/token`, { method: 'POST', body: form })).json()) as {
    id_token: string;
  };
  return body.id_token;
};

describe('a request to a customer route with a token that is refused', () => {
  const customerId = uniqueCustomer();
  const someoneElse = uniqueCustomer();
  let products: Awaited<ReturnType<typeof someProducts>>;
  let orderId: string;

  const tokens: Array<[string, () => Promise<string | null>]> = [
    ['no Authorization header', async () => null],
    ['an empty bearer token', async () => 'Bearer '],
    ['another scheme', async () => 'Basic dXNlcjpwYXNz'],
    ['a token that is not a JWT', async () => 'Bearer not-a-token'],
    ['an expired token', async () => `Bearer ${await signIn(customerId, { expiresIn: -60 })}`],
    ['a token signed with a key the issuer never published', async () => `Bearer ${await forged(customerId)}`],
    ['a token whose payload was changed', async () => `Bearer ${await tampered(someoneElse, customerId)}`],
    ['an unsigned token (alg: none)', async () => `Bearer ${await unsigned(customerId)}`],
    ['an ID token instead of an access token', async () => `Bearer ${await idToken(customerId)}`],
  ];
  const routes = () => [
    { method: 'POST', path: '/orders', url: `${ordersUrl}/orders`, body: JSON.stringify(orderFor(customerId, products)) },
    { method: 'GET', path: '/orders', url: `${ordersUrl}/orders` },
    { method: 'GET', path: '/orders/stalled', url: `${ordersUrl}/orders/stalled` },
    { method: 'GET', path: '/orders/{orderId}', url: `${ordersUrl}/orders/${orderId}` },
    { method: 'POST', path: '/orders/{orderId}/cancel', url: `${ordersUrl}/orders/${orderId}/cancel` },
    {
      method: 'PATCH',
      path: '/orders/{orderId}',
      url: `${ordersUrl}/orders/${orderId}`,
      body: JSON.stringify({ deliveryAddress: orderFor(customerId, products).deliveryAddress }),
    },
    { method: 'GET', path: '/invoices/{invoiceId}', url: `${invoicesUrl}/invoices/inv-${orderId}` },
  ];

  beforeAll(async () => {
    products = await someProducts(1);
    const { data } = await placeOrder(orderFor(customerId, products));
    orderId = data!.orderId;
  });

  it.each(tokens)('%s is answered 401 with a Bearer challenge on every route, and changes nothing', async (_, token) => {
    const authorization = await token();
    for (const route of routes()) {
      const response = await fetch(route.url, {
        method: route.method,
        headers: { ...(authorization === null ? {} : { authorization }), 'content-type': 'application/json' },
        ...(route.body ? { body: route.body } : {}),
      });
      const body = (await response.json()) as { code: string; message: string };

      expect(response.status, `${route.method} ${route.path}`).toBe(401);
      expect(response.headers.get('www-authenticate'), `${route.method} ${route.path}`).toMatch(/^Bearer\b/);
      expect(body).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
      expect(responseIssues(route.method, route.path, 401, body)).toEqual([]);
    }
    expect(await storedOrdersOf(customerId)).toHaveLength(1);
    const { data: order } = await ordersApiAs(customerId).GET('/orders/{orderId}', { params: { path: { orderId } } });
    expect(order?.status).not.toBe('CANCELLED');
  });
});
