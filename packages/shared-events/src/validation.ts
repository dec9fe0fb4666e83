import type { ValidateFunction } from 'ajv';
import { createAjv, issuesFrom, type ValidationIssue } from '@ecommerce/json-validation';
import { isEventType, type EventType } from './catalog.js';
import { envelopeSchema, eventSchema } from './schemas/envelope.js';
import type { OrderEvent } from './types.js';

export type { ValidationIssue };

/** A message that is not a valid event. It names every problem, never the raw payload. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';

  constructor(
    message: string,
    readonly issues: ValidationIssue[],
  ) {
    super(`${message}: ${issues.map(({ path, message: m }) => `${path || '/'} ${m}`).join('; ')}`);
  }
}

const ajv = createAjv();

const validateEnvelope = ajv.compile(envelopeSchema);

// Compiled on first use and kept for the life of the process: a consumer pays only for the
// types it handles, once per cold start.
const validators = new Map<EventType, ValidateFunction>();
const validatorFor = (type: EventType): ValidateFunction => {
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile(eventSchema(type));
    validators.set(type, validate);
  }
  return validate;
};

/** Checks the envelope, then the payload of its type; returns the event typed, or throws. */
export const parseEvent = (candidate: unknown): OrderEvent => {
  if (!validateEnvelope(candidate)) {
    throw new EventValidationError('invalid event envelope', issuesFrom(validateEnvelope.errors));
  }
  const { type } = candidate as { type: unknown };
  if (!isEventType(type)) {
    throw new EventValidationError('invalid event envelope', [{ path: '/type', message: 'is not a known event type' }]);
  }
  const validate = validatorFor(type);
  if (!validate(candidate)) {
    throw new EventValidationError(`invalid ${type} event`, issuesFrom(validate.errors));
  }
  return candidate as OrderEvent;
};

/** Same as parseEvent, for a type the caller already knows. */
export const assertEvent = <T extends EventType>(type: T, candidate: unknown): OrderEvent<T> => {
  const event = parseEvent(candidate);
  if (event.type !== type) {
    throw new EventValidationError(`invalid ${type} event`, [{ path: '/type', message: `must be ${type}` }]);
  }
  return event as unknown as OrderEvent<T>;
};
