import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a webhook's signature was refused: its status is 400, and its reason is safe to tell the sender. */
export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
  readonly statusCode = 400;
  readonly code = 'invalid_signature';
}

const hmac = (secret: string, timestampSeconds: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');

/**
 * The header value a sender puts on a webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`,
 * the scheme Stripe uses, so that one check serves every sender.
 */
export const sign = (secret: string, body: string, timestampSeconds: number): string =>
  `t=${timestampSeconds},v1=${hmac(secret, timestampSeconds, body)}`;

export interface VerifyOptions {
  /** The signature header's value, as received. */
  header: string | undefined;
  /** The raw body, exactly as received: a parsed and re-serialised body would not match. */
  body: string;
  secret: string;
  /** How far the signed timestamp may be from now, either way; a replay later than this is refused. */
  toleranceSeconds?: number;
  /** Now, in unix seconds. */
  now?: number;
}

const hexSha256 = /^[0-9a-f]{64}$/;

const parse = (header: string): { timestamp: number; signatures: string[] } => {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator < 1) throw new WebhookSignatureError('The signature header is malformed: expected t=<seconds>,v1=<hex>.');
    const [key, value] = [part.slice(0, separator).trim(), part.slice(separator + 1).trim()];
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value))
        throw new WebhookSignatureError('The signature header is malformed: t must be one whole number of seconds.');
      timestamp = Number(value);
    } else if (key === 'v1') signatures.push(value);
    // Other schemes (v0, a future v2) are a sender's business: ignored, as Stripe's libraries do.
  }
  if (timestamp === undefined) throw new WebhookSignatureError('The signature header is malformed: it has no timestamp t.');
  if (signatures.length === 0) throw new WebhookSignatureError('The signature header is malformed: it has no v1 signature.');
  return { timestamp, signatures };
};

/**
 * Checks a webhook's signature header against its raw body: returns the signed timestamp, or throws
 * a WebhookSignatureError (400) that says what is wrong. Any one of several v1 signatures may match
 * (a sender rolling its secret signs with both); each is compared in constant time.
 */
export const verify = ({
  header,
  body,
  secret,
  toleranceSeconds = 300,
  now = Math.floor(Date.now() / 1000),
}: VerifyOptions): number => {
  if (!header?.trim()) throw new WebhookSignatureError('The signature header is missing.');
  const { timestamp, signatures } = parse(header);
  if (timestamp < now - toleranceSeconds)
    throw new WebhookSignatureError(`The signature's timestamp is more than ${toleranceSeconds} seconds old.`);
  if (timestamp > now + toleranceSeconds)
    throw new WebhookSignatureError(`The signature's timestamp is more than ${toleranceSeconds} seconds in the future.`);
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some(
    (signature) => hexSha256.test(signature) && timingSafeEqual(Buffer.from(signature, 'hex'), expected),
  );
  if (!matches) throw new WebhookSignatureError('No v1 signature matches the body.');
  return timestamp;
};
