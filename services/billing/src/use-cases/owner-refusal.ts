import { count, logger } from '@ecommerce/observability';

/**
 * Billing refused an event its owner does not confirm (domain/owner-confirmation.ts): logged, and
 * counted in UnconfirmedEventsRefused, which has an alarm. A real event is always confirmed, so
 * each count is an event that nobody should have sent: a forgery, or a service that is wrong.
 */
export const refused = (what: string, details: Record<string, unknown> = {}): void => {
  logger.warn(what, details);
  count('UnconfirmedEventsRefused');
};
