import type { ValidateFunction } from 'ajv';
import { issuesFrom, type ValidationIssue } from '@ecommerce/json-validation/issues';
import { isEventType, type EventType } from './catalog.js';
// Compiled from the schemas at build time (scripts/generated-files.ts): no schema is compiled at cold start.
import { envelope as validateEnvelope } from './generated/event-validators.js';
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

/**
 * The validators of some event types, by type, imported from `@ecommerce/shared-events/validators`.
 * A function names those of the types it handles or emits, and bundles no other.
 */
export type EventValidators<T extends EventType> = { readonly [K in T]: ValidateFunction };

const unexpectedType = (type: EventType) => new Error(`no validator was given for ${type}`);

/**
 * Checks the envelope, then the event against the schema of its type, with the validator that
 * `validators` holds for it; returns the event typed, or throws. An event of a type `validators`
 * does not hold throws what `unexpected` makes of it.
 */
export const parseEvent = <T extends EventType>(
  candidate: unknown,
  validators: EventValidators<T>,
  unexpected: (type: EventType) => Error = unexpectedType,
): OrderEvent<T> => {
  if (!validateEnvelope(candidate)) {
    throw new EventValidationError('invalid event envelope', issuesFrom(validateEnvelope.errors));
  }
  const { type } = candidate as { type: unknown };
  if (!isEventType(type)) {
    throw new EventValidationError('invalid event envelope', [{ path: '/type', message: 'is not a known event type' }]);
  }
  const validate = (validators as Partial<Record<EventType, ValidateFunction>>)[type];
  if (!validate) throw unexpected(type);
  if (!validate(candidate)) {
    throw new EventValidationError(`invalid ${type} event`, issuesFrom(validate.errors));
  }
  return candidate as OrderEvent<T>;
};

/** Same as parseEvent, for a type the caller already knows. */
export const assertEvent = <T extends EventType>(type: T, candidate: unknown, validators: EventValidators<T>): OrderEvent<T> => {
  const event = parseEvent(candidate, validators);
  if (event.type !== type) {
    throw new EventValidationError(`invalid ${type} event`, [{ path: '/type', message: `must be ${type}` }]);
  }
  return event;
};
