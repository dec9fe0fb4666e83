import type { Product } from '@ecommerce/api-client';
import { createEventBuilder, type OrderEvent } from '@ecommerce/shared-events';
import * as eventValidators from '@ecommerce/shared-events/validators';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  IdentityRefusedError,
  IdentityUnavailableError,
  type CustomerEmail,
  type CustomerEmails,
} from '../../src/adapters/customer-emails.js';
import type { Claim, IdempotencyStore } from '../../src/adapters/idempotency-store.js';
import type { OrderRepository } from '../../src/adapters/order-repository.js';
import type { StoredResponse } from '../../src/domain/idempotency.js';
import { CatalogueUnavailableError, cachedCatalogue, type ProductCatalogue } from '../../src/adapters/product-catalogue.js';
import type { StoredOrder } from '../../src/domain/order.js';
import { createHandler } from '../../src/functions/create-order/make-handler.js';
import { customerEmail, kettle, orderRequest, wok } from '../fixtures.js';

const fakes = ({
  products = [kettle, wok],
  email = { address: customerEmail, verified: true },
}: { products?: Product[]; email?: CustomerEmail | null } = {}) => {
  const stored: Array<{ order: StoredOrder; event: OrderEvent }> = [];
  // The identity provider: every caller's address is `email` (null: none); the tokens it was asked about.
  const lookedUp: string[] = [];
  const emails: CustomerEmails = { of: async (token) => (lookedUp.push(token), email ?? undefined) };
  const asked: string[][] = [];
  const catalogue: ProductCatalogue = {
    lookup: async (ids) => {
      asked.push(ids);
      return {
        items: products.filter((p) => ids.includes(p.productId)),
        missing: ids.filter((id) => !products.some((p) => p.productId === id)),
      };
    },
  };
  const orders: Pick<OrderRepository, 'create'> = {
    create: async (order, event) => void stored.push({ order, event }),
  };
  const events = createEventBuilder({ source: 'orders', validators: eventValidators });
  const answers = new Map<string, { fingerprint: string; response?: StoredResponse }>();
  const keys: IdempotencyStore = {
    claim: async (digest, fingerprint): Promise<Claim> => {
      const known = answers.get(digest);
      if (!known) return (answers.set(digest, { fingerprint }), { outcome: 'claimed' });
      if (known.fingerprint !== fingerprint) return { outcome: 'other-request' };
      return known.response ? { outcome: 'replay', response: known.response } : { outcome: 'in-flight' };
    },
    completion: (digest, fingerprint, response) => (answers.set(digest, { fingerprint, response }), {}),
    complete: async (digest, fingerprint, response) => void answers.set(digest, { fingerprint, response }),
    release: async (digest) => void answers.delete(digest),
  };
  let next = 0;
  const newId = () => `00000000-0000-4000-8000-00000000000${next++}`;
  return {
    catalogue,
    emails,
    lookedUp,
    orders,
    events,
    keys,
    answers,
    newId,
    now: () => new Date('2026-11-21T10:00:00Z'),
    stored,
    asked,
  };
};

/** A POST as `customerId` signed in sends it (`as: null`: signed out). */
const post = (body: unknown, headers: Record<string, string> = {}, as: string | null = 'cust-42') =>
  ({
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', ...(as === null ? {} : { authorization: `Bearer ${as}` }), ...headers },
    body: JSON.stringify(body),
  }) as unknown as APIGatewayProxyEvent;

// Token checks have tests of their own (lambda-kit); here a token is the customer id it stands for.
const verify = async (token: string) => ({ customerId: token, isOperator: false });

const handlerWith = (deps: ReturnType<typeof fakes>) => createHandler(deps, verify);

afterEach(() => vi.restoreAllMocks());

describe('POST /orders', () => {
  it("stores the order with its ORDER_CREATED event in one write, for the table's stream to publish, and answers 201 with its location", async () => {
    const deps = fakes();

    const response = await handlerWith(deps)(post(orderRequest()), {} as Context);

    expect(response.statusCode).toBe(201);
    const body = JSON.parse(response.body);
    expect(response.headers).toMatchObject({ location: `/orders/${body.orderId}` });
    expect(body).toMatchObject({ status: 'ORDER_CREATED', total: { amount: 11588, currency: 'EUR' } });
    expect(body).not.toHaveProperty('paymentToken');
    const [{ order, event }] = deps.stored as [(typeof deps.stored)[0]];
    expect(event).toMatchObject({ type: 'ORDER_CREATED', orderId: order.orderId, data: { total: order.total } });
    expect(order.history[0]?.eventId).toBe(event.id);
  });

  it('places the order for the signed-in customer when the body names nobody', async () => {
    const deps = fakes();

    const response = await handlerWith(deps)(post(orderRequest({ customerId: undefined }), {}, 'cust-7'), {} as Context);

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ customerId: 'cust-7' });
    expect(deps.stored[0]?.event.data).toMatchObject({ customerId: 'cust-7' });
  });

  it("answers 403 to an order in another customer's name, and touches nothing", async () => {
    const deps = fakes();

    const response = await (
      await handlerWith(deps)
    )(post(orderRequest({ customerId: 'cust-43' }), { 'Idempotency-Key': 'k' }), {} as Context);

    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'forbidden' });
    expect([deps.asked, deps.stored, [...deps.answers.keys()]]).toEqual([[], [], []]);
  });

  it('answers 401 to a request without a token, before it reads the body', async () => {
    const deps = fakes();

    const response = await handlerWith(deps)(post('not even an order', {}, null), {} as Context);

    expect(response.statusCode).toBe(401);
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer' });
    expect([deps.asked, deps.stored]).toEqual([[], []]);
  });

  it('asks the catalogue once for all products', async () => {
    const deps = fakes();

    await (
      await handlerWith(deps)
    )(post(orderRequest()), {} as Context);

    expect(deps.asked).toEqual([[kettle.productId, wok.productId]]);
  });

  it('answers 400 to an invalid body and touches nothing', async () => {
    const deps = fakes();

    const response = await handlerWith(deps)(post({ ...orderRequest(), items: [] }), {} as Context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).details).toEqual([{ path: '/items', message: 'must NOT have fewer than 1 items' }]);
    expect([deps.asked, deps.stored]).toEqual([[], []]);
  });

  it('answers 422 naming an unknown product, and stores and publishes nothing', async () => {
    const deps = fakes({ products: [kettle] });

    const response = await handlerWith(deps)(post(orderRequest()), {} as Context);

    expect(response.statusCode).toBe(422);
    expect(JSON.parse(response.body)).toEqual({
      code: 'order_rejected',
      message: 'The order cannot be placed as asked; see details.',
      details: [{ path: '/items/1/productId', message: 'there is no product prod-wok' }],
    });
    expect(deps.stored).toEqual([]);
  });

  it('answers 503 when the catalogue cannot be reached', async () => {
    const deps = fakes();
    deps.catalogue.lookup = async () => {
      throw new CatalogueUnavailableError('the products service answered 502');
    };

    const response = await handlerWith(deps)(post(orderRequest()), {} as Context);

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'catalogue_unavailable' });
    expect(deps.stored).toEqual([]);
  });
});

describe("POST /orders: the order's mail goes to the identity provider's verified address", () => {
  it('carries the address the identity provider holds for the caller, read with their token, into the order and ORDER_CREATED', async () => {
    const deps = fakes({ email: { address: 'grace@navy.example', verified: true } });

    const response = await handlerWith(deps)(post(orderRequest({ customerId: undefined }), {}, 'cust-7'), {} as Context);

    expect(response.statusCode).toBe(201);
    expect(deps.lookedUp).toEqual(['cust-7']);
    expect(deps.stored[0]?.order.customerEmail).toBe('grace@navy.example');
    expect(deps.stored[0]?.event.data).toMatchObject({ customerId: 'cust-7', customerEmail: 'grace@navy.example' });
    expect(JSON.parse(response.body)).toMatchObject({ customerEmail: 'grace@navy.example' });
  });

  it('accepts a customerEmail that is that address, whatever its case, and mails the address the identity provider holds', async () => {
    const deps = fakes({ email: { address: 'Ada@Example.com', verified: true } });

    const response = await (
      await handlerWith(deps)
    )(post({ ...orderRequest(), customerEmail: 'ada@example.COM' }), {} as Context);

    expect(response.statusCode).toBe(201);
    expect(deps.stored[0]?.event.data).toMatchObject({ customerEmail: 'Ada@Example.com' });
  });

  it('answers 403 email_not_yours to a customerEmail that is another address, stores and emits nothing, and gives the key back', async () => {
    const deps = fakes();

    const response = await (
      await handlerWith(deps)
    )(post({ ...orderRequest(), customerEmail: 'victim@example.org' }, { 'Idempotency-Key': 'k-mail' }), {} as Context);

    expect(response.statusCode).toBe(403);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ code: 'email_not_yours', details: [{ path: '/customerEmail' }] });
    // It never tells whose address the account holds.
    expect(response.body).not.toContain(customerEmail);
    expect([deps.stored, [...deps.answers.keys()]]).toEqual([[], []]);
  });

  it.each([
    ['an address the customer has not verified', { address: 'ada@example.com', verified: false }],
    ['no address at all', null],
  ])('answers 403 email_not_verified to an account with %s, and stores and emits nothing', async (_, email) => {
    const deps = fakes({ email });

    const response = await handlerWith(deps)(post(orderRequest(), { 'Idempotency-Key': 'k-unverified' }), {} as Context);

    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'email_not_verified', message: expect.stringMatching(/verif/) });
    expect([deps.stored, [...deps.answers.keys()]]).toEqual([[], []]);
  });

  it('answers 401 when the identity provider refuses the token it was shown, and 503 when it cannot answer; the key is given back', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const deps = fakes();
    const handler = handlerWith(deps);

    deps.emails.of = async () => {
      throw new IdentityRefusedError('NotAuthorizedException');
    };
    const refused = await handler(post(orderRequest(), { 'Idempotency-Key': 'k-idp' }), {} as Context);
    deps.emails.of = async () => {
      throw new IdentityUnavailableError('timeout');
    };
    const unavailable = await handler(post(orderRequest(), { 'Idempotency-Key': 'k-idp' }), {} as Context);

    expect([refused.statusCode, JSON.parse(refused.body).code]).toEqual([401, 'unauthorized']);
    expect(refused.headers).toMatchObject({ 'www-authenticate': expect.stringContaining('invalid_token') });
    expect([unavailable.statusCode, JSON.parse(unavailable.body).code]).toEqual([503, 'identity_provider_unavailable']);
    expect([deps.stored, [...deps.answers.keys()]]).toEqual([[], []]);
  });
});

describe('POST /orders against a catalogue that keeps its answers', () => {
  /** Puts the catalogue of `deps` behind cachedCatalogue, with a clock the test moves. */
  const keeping = (deps: ReturnType<typeof fakes>) => {
    const clock = { at: 0 };
    deps.catalogue = cachedCatalogue(deps.catalogue, { maxAgeMs: 30_000, now: () => clock.at });
    return clock;
  };

  it('prices a second order from the kept answer, without asking the catalogue', async () => {
    const deps = fakes();
    keeping(deps);
    const handler = handlerWith(deps);

    const answers = [await handler(post(orderRequest()), {} as Context), await handler(post(orderRequest()), {} as Context)];

    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201]);
    expect(deps.asked).toHaveLength(1);
  });

  it('accepts a new price the moment the catalogue holds it, and refuses the old one only on what the catalogue says now', async () => {
    const products = [kettle, wok];
    const deps = fakes({ products });
    keeping(deps);
    const handler = handlerWith(deps);
    await handler(post(orderRequest()), {} as Context);
    products[0] = { ...kettle, unitPrice: 3999 };
    const atNewPrice = orderRequest({
      items: [
        { productId: kettle.productId, quantity: 2, unitPrice: 3999 },
        { productId: wok.productId, quantity: 1, unitPrice: wok.unitPrice },
      ],
    });

    const accepted = await handler(post(atNewPrice), {} as Context);
    const refused = await handler(post(orderRequest()), {} as Context);

    expect(accepted.statusCode).toBe(201);
    expect(refused.statusCode).toBe(422);
    expect(JSON.parse(refused.body).details).toEqual([
      { path: '/items/0/unitPrice', message: `is ${kettle.unitPrice}, but the catalogue price of ${kettle.productId} is 3999` },
    ]);
    expect(deps.asked).toHaveLength(3);
  });

  it('still accepts the old price for as long as the answer is kept: the staleness it trades for speed', async () => {
    const products = [kettle, wok];
    const deps = fakes({ products });
    const clock = keeping(deps);
    const handler = handlerWith(deps);
    await handler(post(orderRequest()), {} as Context);
    products[0] = { ...kettle, unitPrice: 3999 };

    clock.at = 29_999;
    const withinMaxAge = await handler(post(orderRequest()), {} as Context);
    clock.at = 30_000;
    const after = await handler(post(orderRequest()), {} as Context);

    expect([withinMaxAge.statusCode, after.statusCode]).toEqual([201, 422]);
  });
});

describe('POST /orders with an Idempotency-Key', () => {
  const withKey = (key: string) => ({ 'Idempotency-Key': key });

  it('replays the first answer to the same key and body, and creates nothing more', async () => {
    const deps = fakes();
    const handler = handlerWith(deps);

    const first = await handler(post(orderRequest(), withKey('key-1')), {} as Context);
    const again = await handler(post(orderRequest(), withKey('key-1')), {} as Context);

    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers).toMatchObject({ 'idempotent-replayed': 'true', location: first.headers?.['location'] });
    expect(deps.stored).toHaveLength(1);
  });

  it('answers 422 to the same key with another body', async () => {
    const deps = fakes();
    const handler = handlerWith(deps);
    await handler(post(orderRequest(), withKey('key-2')), {} as Context);

    const other = await handler(post(orderRequest({ paymentToken: 'pm_card_mastercard' }), withKey('key-2')), {} as Context);

    expect(other.statusCode).toBe(422);
    expect(JSON.parse(other.body)).toMatchObject({ code: 'idempotency_key_reused' });
    expect(deps.stored).toHaveLength(1);
  });

  it("keeps each customer's keys apart: the same key from another customer places their own order", async () => {
    const deps = fakes();
    const handler = handlerWith(deps);
    const mine = await handler(post(orderRequest(), withKey('key-shared')), {} as Context);

    const theirs = await handler(post(orderRequest({ customerId: undefined }), withKey('key-shared'), 'cust-43'), {} as Context);

    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    expect(theirs.headers).not.toHaveProperty('idempotent-replayed');
    expect(deps.stored.map(({ order }) => order.customerId)).toEqual(['cust-42', 'cust-43']);
  });

  it('answers 409 while the first request with the key is still in flight', async () => {
    const deps = fakes();
    deps.keys.claim = async () => ({ outcome: 'in-flight' });

    const response = await handlerWith(deps)(post(orderRequest(), withKey('key-3')), {} as Context);

    expect(response.statusCode).toBe(409);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'request_in_progress' });
    expect(deps.stored).toEqual([]);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const deps = fakes();
    const handler = handlerWith(deps);
    const request = orderRequest();
    const reordered = Object.fromEntries(Object.entries(request).reverse());

    await handler(post(request, withKey('key-4')), {} as Context);
    const again = await handler(post(reordered, withKey('key-4')), {} as Context);

    expect(again.statusCode).toBe(201);
    expect(deps.stored).toHaveLength(1);
  });

  it('gives the key back when the catalogue is unavailable, so that the retry runs', async () => {
    const deps = fakes();
    const lookup = deps.catalogue.lookup;
    deps.catalogue.lookup = async () => {
      throw new CatalogueUnavailableError('down');
    };
    const handler = handlerWith(deps);

    expect((await handler(post(orderRequest(), withKey('key-5')), {} as Context)).statusCode).toBe(503);
    deps.catalogue.lookup = lookup;
    expect((await handler(post(orderRequest(), withKey('key-5')), {} as Context)).statusCode).toBe(201);
  });

  it('refuses a key that is not 1 to 255 visible characters', async () => {
    const deps = fakes();

    const response = await handlerWith(deps)(post(orderRequest(), withKey('has spaces in it')), {} as Context);

    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).details).toEqual([
      { path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  });
});
