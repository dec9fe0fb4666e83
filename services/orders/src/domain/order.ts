import type { CreateOrderRequest, InternalOrder, Order, PayableOrder, Product } from '@ecommerce/api-client';
import type { ValidationIssue } from '@ecommerce/api-client/contract';
import type { EventData } from '@ecommerce/shared-events';
import { deliveryFor } from './pricing.js';

export type { ValidationIssue };

/** An order as it is stored: what other services may see, plus the version that guards every write. */
export type StoredOrder = PayableOrder & { version: number };

export interface CatalogueAnswer {
  items: Product[];
  missing: string[];
}

export type PlaceOrderResult = { accepted: true; order: StoredOrder } | { accepted: false; issues: ValidationIssue[] };

const money = (amount: number, currency: string) => ({ amount, currency });

/** The distinct products an order asks for: what the catalogue is asked about, once each. */
export const requestedProductIds = (request: Pick<CreateOrderRequest, 'items'>): string[] => [
  ...new Set(request.items.map((item) => item.productId)),
];

/**
 * Decides whether an order can be placed as asked, from the request and the catalogue's answer.
 * Every problem is reported at once, each at its place in the request. On success the total is
 * computed here, never taken from the client, and the product details and the delivery address are
 * copied into the order, so that it stays as it was bought whatever the catalogue does later.
 */
export const placeOrder = (
  request: CreateOrderRequest & { customerId: string; customerEmail: string },
  catalogue: CatalogueAnswer,
  { orderId, eventId, now }: { orderId: string; eventId: string; now: Date },
): PlaceOrderResult => {
  const priced = priceLines(request.items, request.currency, catalogue);
  if (!priced.accepted) return priced;
  const { items, subtotal, delivery, total } = priced.content;
  const at = now.toISOString();
  return {
    accepted: true,
    order: {
      orderId,
      status: 'ORDER_CREATED',
      customerId: request.customerId,
      customerEmail: request.customerEmail,
      items,
      subtotal,
      delivery,
      total,
      deliveryAddress: structuredClone(request.deliveryAddress),
      paymentToken: request.paymentToken,
      createdAt: at,
      updatedAt: at,
      history: [{ status: 'ORDER_CREATED', at, eventId }],
      version: 1,
    },
  };
};

/** An order's lines with their money, computed here from the catalogue, never taken from the client. */
export type PricedLines = Pick<StoredOrder, 'items' | 'subtotal' | 'delivery' | 'total'>;

/**
 * Checks lines as asked (at creation, or when an operator changes them) against the catalogue's
 * answer: each product once, known, sold in the order's currency at the price the client saw. Every
 * problem is reported at once, each at its place in the request; on success the product details are
 * copied into the lines and the totals computed.
 */
export const priceLines = (
  requested: CreateOrderRequest['items'],
  currency: string,
  catalogue: CatalogueAnswer,
): { accepted: true; content: PricedLines } | { accepted: false; issues: ValidationIssue[] } => {
  const products = new Map(catalogue.items.map((product) => [product.productId, product]));
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();

  requested.forEach((item, index) => {
    const at = `/items/${index}`;
    if (seen.has(item.productId)) {
      issues.push({ path: `${at}/productId`, message: `${item.productId} appears more than once; order it on one line` });
      return;
    }
    seen.add(item.productId);
    const product = products.get(item.productId);
    if (!product) {
      issues.push({ path: `${at}/productId`, message: `there is no product ${item.productId}` });
      return;
    }
    if (product.currency !== currency) {
      // One order has one currency: saying so once is enough.
      if (!issues.some((issue) => issue.path === '/currency')) {
        issues.push({ path: '/currency', message: `is ${currency}, but the catalogue sells in ${product.currency}` });
      }
    } else if (product.unitPrice !== item.unitPrice) {
      issues.push({
        path: `${at}/unitPrice`,
        message: `is ${item.unitPrice}, but the catalogue price of ${item.productId} is ${product.unitPrice}`,
      });
    }
  });
  if (issues.length > 0) return { accepted: false, issues };

  const items = requested.map((item) => {
    const product = products.get(item.productId)!;
    return {
      productId: product.productId,
      name: product.name,
      quantity: item.quantity,
      unitPrice: money(product.unitPrice, product.currency),
      lineTotal: money(product.unitPrice * item.quantity, product.currency),
      package: product.package,
    };
  });
  const subtotal = items.reduce((sum, line) => sum + line.lineTotal.amount, 0);
  const delivery = deliveryFor(subtotal);
  return {
    accepted: true,
    content: {
      items,
      subtotal: money(subtotal, currency),
      delivery: money(delivery, currency),
      total: money(subtotal + delivery, currency),
    },
  };
};

/** The order as its customer sees it: no payment token, no storage details. */
export const customerView = ({ paymentToken: _token, version: _version, ...order }: StoredOrder): Order => order;

/** The order as other services see it: no payment token, which only billing reads (payableView). */
export const serviceView = ({ paymentToken: _token, version: _version, ...order }: StoredOrder): InternalOrder => order;

/** The order as billing sees it to charge it: with its payment token. */
export const payableView = ({ version: _version, ...order }: StoredOrder): PayableOrder => order;

export const orderCreatedData = (order: StoredOrder): EventData<'ORDER_CREATED'> => ({
  customerId: order.customerId,
  customerEmail: order.customerEmail,
  items: order.items,
  subtotal: order.subtotal,
  delivery: order.delivery,
  total: order.total,
  deliveryAddress: order.deliveryAddress,
});
