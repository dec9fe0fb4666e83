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

type PaymentIntentStatus = 'requires_action' | 'processing' | 'succeeded' | 'requires_payment_method' | 'canceled';

interface PaymentError {
  type: 'card_error';
  code: string;
  decline_code?: string;
  message: string;
}

interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: PaymentIntentStatus;
  payment_method: string;
  latest_charge: string | null;
  next_action: { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string | null } } | null;
  last_payment_error: PaymentError | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  metadata: Record<string, string>;
  created: number;
  livemode: false;
}

/** What the sandbox does later with a PaymentIntent that is `processing`: a bank debit settling. */
interface Settlement {
  paymentIntentId: string;
  outcome: 'succeeds' | 'fails';
}

/** The event types the sandbox sends, as Stripe names them. */
export type WebhookEventType =
  | 'payment_intent.succeeded'
  | 'payment_intent.payment_failed'
  | 'payment_intent.processing'
  | 'payment_intent.canceled'
  | 'charge.refunded';

export interface WebhookEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  type: WebhookEventType;
  data: { object: unknown };
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
}

export interface SandboxOptions {
  /** Where the sandbox answers a browser: the customer's authentication page is under it. */
  publicUrl: string;
  /** Now, in milliseconds. */
  clock?: () => number;
}

/** The prefixes of the sandbox's tasks (Store.putTask): webhooks to send, debits to settle. */
export const webhookTasks = 'webhook_';
const settlementTasks = 'settle_';

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded' | 'failed';
  failure_reason?: string;
  metadata: Record<string, string>;
  created: number;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

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

const authenticationFailure: PaymentError = {
  type: 'card_error',
  code: 'payment_intent_authentication_failure',
  message:
    'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
};

const debitFailure: PaymentError = {
  type: 'card_error',
  code: 'insufficient_funds',
  message: "The customer's bank account has insufficient funds to cover this payment.",
};

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (statusCode: number, title: string, body: string): ApiResponse => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
});

export const createStripeApi = (store: Store, { publicUrl, clock = Date.now }: SandboxOptions) => {
  const now = () => Math.floor(clock() / 1000);

  /** Keeps the event to be sent to the webhook endpoint as soon as the next delivery runs. */
  const announce = async (type: WebhookEventType, object: unknown) => {
    const event: WebhookEvent = {
      id: id('evt'),
      object: 'event',
      api_version: '2026-10-28.endive',
      created: now(),
      type,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    };
    await store.putTask(`${webhookTasks}${event.id}`, clock(), event);
  };

  const readIntent = async (paymentIntentId: string) =>
    (await store.getObject<{ object: PaymentIntent }>(paymentIntentId))?.object;

  /** Moves a PaymentIntent to its outcome and tells the webhook endpoint. */
  const settle = async (intent: PaymentIntent, outcome: 'succeeded' | PaymentError): Promise<PaymentIntent> => {
    const settled: PaymentIntent =
      outcome === 'succeeded'
        ? { ...intent, status: 'succeeded', amount_received: intent.amount, next_action: null }
        : { ...intent, status: 'requires_payment_method', next_action: null, last_payment_error: outcome };
    await store.putObject(settled.id, settled);
    await announce(outcome === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', settled);
    return settled;
  };
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
    const intentId = id('pi');
    const status: PaymentIntentStatus =
      behaviour.kind === 'declined'
        ? 'requires_payment_method'
        : behaviour.kind === 'authenticates'
          ? 'requires_action'
          : behaviour.kind === 'settlesLater'
            ? 'processing'
            : 'succeeded';
    const declined: PaymentError | null =
      behaviour.kind === 'declined'
        ? { type: 'card_error', code: 'card_declined', decline_code: behaviour.declineCode, message: behaviour.message }
        : null;
    const intent: PaymentIntent = {
      id: intentId,
      object: 'payment_intent',
      amount,
      amount_received: status === 'succeeded' ? amount : 0,
      currency,
      status,
      payment_method: paymentMethod,
      latest_charge: id('ch'),
      next_action:
        status === 'requires_action'
          ? {
              type: 'redirect_to_url',
              redirect_to_url: {
                url: `${publicUrl}/authenticate/${intentId}`,
                return_url: text(request.form, 'return_url') ?? null,
              },
            }
          : null,
      last_payment_error: declined,
      canceled_at: null,
      cancellation_reason: null,
      metadata: bag(request.form, 'metadata'),
      created: now(),
      livemode: false,
    };
    await store.putObject(intent.id, intent);
    if (behaviour.kind === 'settlesLater') {
      const settlement: Settlement = { paymentIntentId: intent.id, outcome: behaviour.outcome };
      await store.putTask(`${settlementTasks}${intent.id}`, clock() + behaviour.delayMs, settlement);
    }
    if (status === 'succeeded') await announce('payment_intent.succeeded', intent);
    if (status === 'processing') await announce('payment_intent.processing', intent);
    if (declined) {
      await announce('payment_intent.payment_failed', intent);
      return error(402, 'card_error', declined.message, {
        code: declined.code,
        decline_code: declined.decline_code,
        charge: intent.latest_charge,
        payment_intent: intent,
      });
    }
    return { statusCode: 200, body: intent };
  };

  /** Stripe cancels a PaymentIntent that has not succeeded; a succeeded one is refunded instead. */
  const cancelPaymentIntent = async (request: ApiRequest, paymentIntentId: string): Promise<ApiResponse> => {
    const intent = await readIntent(paymentIntentId);
    if (!intent)
      return error(404, 'invalid_request_error', `No such payment_intent: '${paymentIntentId}'`, { code: 'resource_missing' });
    if (intent.status !== 'requires_action' && intent.status !== 'requires_payment_method') {
      return invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    const canceled: PaymentIntent = {
      ...intent,
      status: 'canceled',
      next_action: null,
      canceled_at: now(),
      cancellation_reason: text(request.form, 'cancellation_reason') ?? null,
    };
    await store.putObject(canceled.id, canceled);
    await announce('payment_intent.canceled', canceled);
    return { statusCode: 200, body: canceled };
  };

  /** The bank's page of a PaymentIntent that waits for its customer: two buttons, each a form post. */
  const authenticationPage = async (paymentIntentId: string): Promise<ApiResponse> => {
    const intent = await readIntent(paymentIntentId);
    if (!intent) return page(404, 'No such payment', '<p>This payment does not exist.</p>');
    if (intent.status !== 'requires_action') {
      return page(200, 'Nothing to authenticate', `<p>This payment is ${escapeHtml(intent.status)}.</p>`);
    }
    const button = (outcome: string, label: string) =>
      `<form method="post" action="/authenticate/${intent.id}"><input type="hidden" name="outcome" value="${outcome}"><button type="submit">${label}</button></form>`;
    return page(
      200,
      'Authenticate your payment',
      `<p>Your bank asks you to confirm the payment of ${(intent.amount / 100).toFixed(2)} ${escapeHtml(intent.currency.toUpperCase())}.</p>${button('complete', 'Complete authentication')}${button('fail', 'Fail authentication')}`,
    );
  };

  /** The customer's answer: the PaymentIntent settles, and the customer goes back to the shop when it gave a return_url. */
  const authenticate = async (request: ApiRequest, paymentIntentId: string): Promise<ApiResponse> => {
    const outcome = text(request.form, 'outcome');
    if (outcome !== 'complete' && outcome !== 'fail') return page(400, 'Unknown answer', '<p>Choose complete or fail.</p>');
    const intent = await readIntent(paymentIntentId);
    if (!intent) return page(404, 'No such payment', '<p>This payment does not exist.</p>');
    if (intent.status !== 'requires_action') {
      return page(409, 'Nothing to authenticate', `<p>This payment is ${escapeHtml(intent.status)} already.</p>`);
    }
    const returnUrl = intent.next_action?.redirect_to_url.return_url;
    const settled = await settle(intent, outcome === 'complete' ? 'succeeded' : authenticationFailure);
    if (returnUrl) {
      const back = new URL(returnUrl);
      back.searchParams.set('payment_intent', settled.id);
      return { statusCode: 303, headers: { location: back.toString() }, body: '' };
    }
    return page(
      200,
      settled.status === 'succeeded' ? 'Payment authenticated' : 'Authentication failed',
      '<p>You can close this page.</p>',
    );
  };

  /** The bank debits that are due settle now: succeeded or failed, each told by webhook. */
  const settleDueDebits = async (): Promise<number> => {
    const due = await store.takeDueTasks<Settlement>(settlementTasks, clock());
    for (const { paymentIntentId, outcome } of due) {
      const intent = await readIntent(paymentIntentId);
      if (intent?.status === 'processing') await settle(intent, outcome === 'succeeds' ? 'succeeded' : debitFailure);
    }
    return due.length;
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
    if (testPaymentMethods[intent.payment_method]?.kind === 'refundFails') {
      // Kept, as Stripe keeps a failed refund; it gives nothing back, so it counts for nothing.
      const failed: Refund = { ...refund, status: 'failed', failure_reason: 'expired_or_canceled_card' };
      await store.putObject(`failed_${refund.id}`, failed);
      return { statusCode: 200, body: failed };
    }
    await store.putObject(refund.id, refund);
    const refunds = [
      ...(await store.listObjects<Refund>('re_')).filter((r) => r.payment_intent === intent.id && r.id !== refund.id),
      refund,
    ];
    const amountRefunded = refunds.reduce((sum, r) => sum + r.amount, 0);
    await announce('charge.refunded', {
      id: intent.latest_charge,
      object: 'charge',
      amount: intent.amount,
      amount_refunded: amountRefunded,
      currency: intent.currency,
      payment_intent: intent.id,
      refunded: amountRefunded === intent.amount,
      refunds: { object: 'list', data: refunds, has_more: false },
      metadata: intent.metadata,
    });
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

  const api = async (request: ApiRequest): Promise<ApiResponse> => {
    // The customer's browser, not billing: no secret key here.
    const authentication = /^\/authenticate\/(pi_[a-f0-9]+)$/.exec(request.path);
    if (authentication && request.method === 'GET') return authenticationPage(authentication[1]!);
    if (authentication && request.method === 'POST') return authenticate(request, authentication[1]!);
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
    const cancel = /^POST \/v1\/payment_intents\/(pi_[a-f0-9]+)\/cancel$/.exec(route);
    if (cancel) return idempotent(request, () => cancelPaymentIntent(request, cancel[1]!));
    const retrieve = /^GET \/v1\/payment_intents\/(pi_[a-f0-9]+)$/.exec(route);
    if (retrieve) {
      const intent = await store.getObject<{ object: PaymentIntent }>(retrieve[1]!);
      return intent
        ? { statusCode: 200, body: intent.object }
        : error(404, 'invalid_request_error', `No such payment_intent: '${retrieve[1]}'`);
    }
    return error(404, 'invalid_request_error', `Unrecognized request URL (${route}).`);
  };
  return Object.assign(api, { settleDueDebits });
};
