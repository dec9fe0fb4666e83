import type { HistoryEntry, Return, ReturnRequest } from '@ecommerce/api-client';
import type { ValidationIssue } from '@ecommerce/api-client/contract';
import type { OrderEvent } from '@ecommerce/shared-events';
import type { StoredOrder } from './order.js';

export type ReturnCheck =
  | { outcome: 'allowed' }
  | { outcome: 'refused'; statusCode: 409 | 422; code: string; message: string; details?: ValidationIssue[] };

/** When the carrier delivered the order, from its history; undefined while it is not delivered. */
const deliveredAt = (order: Pick<StoredOrder, 'status' | 'history'>): string | undefined =>
  order.status === 'DELIVERED' ? order.history.find((entry) => entry.status === 'DELIVERED')?.at : undefined;

/** How many of each product the order's returns already take back, whatever their status. */
const returned = (order: Pick<StoredOrder, 'returns'>): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const line of (order.returns ?? []).flatMap((ret) => ret.items))
    counts.set(line.productId, (counts.get(line.productId) ?? 0) + line.quantity);
  return counts;
};

/**
 * Whether the order's customer may send back what they ask for: only a delivered order, only within
 * the window after its delivery, and never more of a product than was delivered less what its
 * returns already take back (each line that asks too much is named).
 */
export const checkReturn = (
  order: Pick<StoredOrder, 'status' | 'history' | 'items' | 'returns'>,
  request: ReturnRequest,
  { now, windowSeconds }: { now: Date; windowSeconds: number },
): ReturnCheck => {
  const delivered = deliveredAt(order);
  if (!delivered)
    return {
      outcome: 'refused',
      statusCode: 409,
      code: 'order_not_delivered',
      message: `The order is ${order.status}: only a delivered order can be sent back.`,
    };
  const closesAt = new Date(Date.parse(delivered) + windowSeconds * 1000);
  if (now > closesAt)
    return {
      outcome: 'refused',
      statusCode: 409,
      code: 'return_window_closed',
      message: `The order was delivered on ${delivered}; returns closed on ${closesAt.toISOString()}.`,
    };
  const bought = new Map(order.items.map((line) => [line.productId, line.quantity]));
  const already = returned(order);
  const asked = new Map<string, number>();
  const details: ValidationIssue[] = [];
  request.items.forEach((line, index) => {
    const total = (asked.get(line.productId) ?? 0) + line.quantity;
    asked.set(line.productId, total);
    const left = (bought.get(line.productId) ?? 0) - (already.get(line.productId) ?? 0);
    if (total > left)
      details.push({
        path: `/items/${index}/quantity`,
        message: bought.has(line.productId)
          ? `asks to return ${total} of ${line.productId}, but ${left} can still be returned`
          : `the order holds no ${line.productId}`,
      });
  });
  if (details.length > 0)
    return {
      outcome: 'refused',
      statusCode: 422,
      code: 'return_exceeds_delivered',
      message: 'The return asks for more than was delivered and not yet returned; see details.',
      details,
    };
  return { outcome: 'allowed' };
};

/** The order with a return requested (a step of its history), one version on. */
export const withReturn = (order: StoredOrder, ret: Return): StoredOrder => ({
  ...order,
  returns: [...(order.returns ?? []), ret],
  history: [
    ...order.history,
    { status: 'RETURN_REQUESTED', at: ret.requestedAt, detail: `Return ${ret.returnId} requested: ${ret.label.trackingNumber}` },
  ],
  updatedAt: ret.requestedAt,
  version: order.version + 1,
});

export type ReturnArrival = { changed: false } | { changed: true; order: StoredOrder } | { changed: 'unknown' };

/**
 * Records that the carrier brought a return back: the return is RECEIVED, a step of the history.
 * Once only; a return orders does not hold is `unknown` (its request may still be on its way).
 */
export const receiveReturn = (order: StoredOrder, event: OrderEvent<'RETURN_RECEIVED'>): ReturnArrival => {
  const ret = order.returns?.find((candidate) => candidate.returnId === event.data.returnId);
  if (!ret) return { changed: 'unknown' };
  if (ret.status === 'RECEIVED') return { changed: false };
  const arrival: HistoryEntry = {
    status: 'RETURN_RECEIVED',
    at: event.time,
    eventId: event.id,
    detail: `Return ${ret.returnId} received`,
  };
  return {
    changed: true,
    order: {
      ...order,
      returns: order.returns!.map((candidate) =>
        candidate === ret ? { ...candidate, status: 'RECEIVED', receivedAt: event.time } : candidate,
      ),
      history: [...order.history, arrival].sort((a, b) => a.at.localeCompare(b.at)),
      updatedAt: event.time > order.updatedAt ? event.time : order.updatedAt,
      version: order.version + 1,
    },
  };
};
