import { createHash, randomBytes } from 'node:crypto';
import type { FormValue } from './form.js';
import { testPaymentMethods } from './payment-methods.js';
import type { Store, StoredResponse } from './store.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  form: Record<string, FormValue>;
  idempotencyKey?: string;
  authorization?: string;
}

export interface ApiResponse extends StoredResponse {
  headers?: Record<string, string>;
}

interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'succeeded' | 'requires_payment_method';
  payment_method: string;
  latest_charge: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
  metadata: Record<string, string>;
  created: number;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

const error = (statusCode: number, type: string, message: string, extra: Record<string, unknown> = {}): ApiResponse => ({
  statusCode,
  body: { error: { type, message, ...extra } },
});

const invalid = (message: string, param?: string, code?: string) =>
  error(400, 'invalid_request_error', message, { ...(param ? { param } : {}), ...(code ? { code } : {}) });

const text = (form: Record<string, FormValue>, name: string) =>
  typeof form[name] === 'string' ? (form[name] as string) : undefined;
const bag = (form: Record<string, FormValue>, name: string) =>
  typeof form[name] === 'object' ? (form[name] as Record<string, string>) : {};

export const createStripeApi = (store: Store) => {
  const createPaymentIntent = async (request: ApiRequest, failures: number): Promise<ApiResponse & { transient?: boolean }> => {
    const amount = Number(text(request.form, 'amount'));
    const currency = text(request.form, 'currency');
    const paymentMethod = text(request.form, 'payment_method');
    if (!Number.isInteger(amount) || amount < 1) return invalid('Invalid positive integer', 'amount');
    if (!currency || !/^[a-z]{3}$/.test(currency)) return invalid('Invalid currency', 'currency');
    if (!paymentMethod) return invalid('Missing required param: payment_method.', 'payment_method');
    const behaviour = testPaymentMethods[paymentMethod];
    if (!behaviour) return invalid(`No such PaymentMethod: '${paymentMethod}'`, 'payment_method', 'resource_missing');
    if (text(request.form, 'confirm') !== 'true')
      return invalid('This sandbox only creates confirmed PaymentIntents (confirm=true).', 'confirm');

    if (behaviour.kind === 'transient' && failures < behaviour.failures) {
      return { ...error(500, 'api_error', 'An unexpected error occurred. Please retry.'), transient: true };
    }
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const succeeded = behaviour.kind !== 'declined';
    const intent: PaymentIntent = {
      id: id('pi'),
      object: 'payment_intent',
      amount,
      amount_received: succeeded ? amount : 0,
      currency,
      status: succeeded ? 'succeeded' : 'requires_payment_method',
      payment_method: paymentMethod,
      latest_charge: id('ch'),
      metadata: bag(request.form, 'metadata'),
      created: now(),
      livemode: false,
    };
    await store.putObject(intent.id, intent);
    if (behaviour.kind === 'declined') {
      return error(402, 'card_error', behaviour.message, {
        code: 'card_declined',
        decline_code: behaviour.declineCode,
        charge: intent.latest_charge,
        payment_intent: intent,
      });
    }
    return { statusCode: 200, body: intent };
  };

  const createRefund = async (request: ApiRequest): Promise<ApiResponse> => {
    const paymentIntentId = text(request.form, 'payment_intent');
    if (!paymentIntentId) return invalid('Missing required param: payment_intent.', 'payment_intent');
    const intent = (await store.getObject<{ object: PaymentIntent }>(paymentIntentId))?.object;
    if (!intent)
      return error(404, 'invalid_request_error', `No such payment_intent: '${paymentIntentId}'`, { code: 'resource_missing' });
    if (intent.status !== 'succeeded')
      return invalid('This PaymentIntent does not have a successful charge to refund.', 'payment_intent');
    const refunded = (await store.listObjects<Refund>('re_'))
      .filter((r) => r.payment_intent === intent.id)
      .reduce((sum, r) => sum + r.amount, 0);
    const amount = text(request.form, 'amount') === undefined ? intent.amount - refunded : Number(text(request.form, 'amount'));
    if (amount < 1 || refunded + amount > intent.amount) {
      return invalid(
        `Refund amount (${amount}) is greater than the unrefunded amount on the charge (${intent.amount - refunded}).`,
        'amount',
      );
    }
    const refund: Refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      reason: text(request.form, 'reason') ?? null,
      status: 'succeeded',
      metadata: bag(request.form, 'metadata'),
      created: now(),
    };
    await store.putObject(refund.id, refund);
    return { statusCode: 200, body: refund };
  };

  /**
   * Stripe's idempotency: the first result of a key is kept and replayed to every later request
   * with the same key and the same parameters; other parameters get a 400, a concurrent request a
   * 409. A failure Stripe marks as safe to retry keeps nothing, so a retry runs again.
   */
  const idempotent = async (
    request: ApiRequest,
    run: (failures: number) => Promise<ApiResponse & { transient?: boolean }>,
  ): Promise<ApiResponse> => {
    const key = request.idempotencyKey;
    if (!key) return run(0);
    const requestHash = createHash('sha256')
      .update(`${request.path}?${JSON.stringify(request.form)}`)
      .digest('hex');
    const known = await store.getKey(key);
    if (known && known.requestHash !== requestHash) {
      return error(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (known?.state === 'done') return { ...known.response, headers: { 'idempotent-replayed': 'true' } };
    const failures = known?.state === 'retryable' ? known.failures : 0;
    if (!(await store.claimKey(key, requestHash, failures))) {
      return error(
        409,
        'idempotency_error',
        'There is currently another in-progress request using this Idempotent Key. Please try again later.',
      );
    }
    const { transient, ...response } = await run(failures);
    if (transient) {
      await store.settleKey(key, { state: 'retryable', requestHash, failures: failures + 1 });
      return { ...response, headers: { 'stripe-should-retry': 'true' } };
    }
    await store.settleKey(key, { state: 'done', requestHash, response });
    return response;
  };

  return async (request: ApiRequest): Promise<ApiResponse> => {
    if (!/^Bearer sk_test_[A-Za-z0-9_]+$/.test(request.authorization ?? '')) {
      return error(401, 'invalid_request_error', 'Invalid API Key provided. The sandbox accepts any sk_test_ key.');
    }
    const route = `${request.method} ${request.path}`;
    if (route === 'POST /v1/payment_intents') return idempotent(request, (failures) => createPaymentIntent(request, failures));
    if (route === 'POST /v1/refunds') return idempotent(request, () => createRefund(request));
    if (route === 'GET /v1/refunds') {
      const refunds = await store.listObjects<Refund>('re_');
      const data = refunds.filter(
        (r) => !request.query['payment_intent'] || r.payment_intent === request.query['payment_intent'],
      );
      return { statusCode: 200, body: { object: 'list', url: '/v1/refunds', has_more: false, data } };
    }
    if (route === 'GET /v1/payment_intents/search') {
      const match = /^metadata\['([A-Za-z0-9_]+)'\]:'([^']*)'$/.exec(request.query['query'] ?? '');
      if (!match) return invalid("The sandbox searches only by one metadata field: metadata['key']:'value'", 'query');
      const intents = await store.listObjects<PaymentIntent>('pi_');
      const data = intents.filter((intent) => intent.metadata[match[1]!] === match[2]);
      return { statusCode: 200, body: { object: 'search_result', url: '/v1/payment_intents/search', has_more: false, data } };
    }
    const retrieve = /^GET \/v1\/payment_intents\/(pi_[a-f0-9]+)$/.exec(route);
    if (retrieve) {
      const intent = await store.getObject<{ object: PaymentIntent }>(retrieve[1]!);
      return intent
        ? { statusCode: 200, body: intent.object }
        : error(404, 'invalid_request_error', `No such payment_intent: '${retrieve[1]}'`);
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${route}).`);
  };
};
