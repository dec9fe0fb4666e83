import type { ValidateFunction } from 'ajv';
import { issuesFrom, type ValidationIssue } from '@ecommerce/json-validation/issues';
import { isEventType, type EventType } from './catalog.js';
// Compiled from the schemas at build time (scripts/generated-files.ts): no schema is compiled at cold start.
import * as validators from './generated/event-validators.js';
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

const validateEnvelope: ValidateFunction = validators.envelope;
const validatorFor = (type: EventType): ValidateFunction => {
  const validate = validators[type] as ValidateFunction | undefined;
  if (!validate) throw new Error(`no validator for ${type}: run \`pnpm --filter @ecommerce/shared-events generate\``);
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
