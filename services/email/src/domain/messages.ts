import { formatMoney, type OrderEvent } from '@ecommerce/shared-events';
import { refundOf, type OrderCopy } from './order-summary.js';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

type Order = OrderCopy;

/** A message is written as paragraphs and an optional table; the text and HTML bodies both come from it. */
interface Draft {
  subject: string;
  greeting: string;
  paragraphs: string[];
  lines?: boolean;
}

const orderNumber = (order: Order) => order.orderId;

const draftFor = (event: OrderEvent, order: Order): Draft => {
  const number = orderNumber(order);
  const greeting = `Hello ${order.deliveryAddress.name},`;
  switch (event.type) {
    case 'ORDER_CREATED':
      return {
        subject: `We have your order ${number}`,
        greeting,
        paragraphs: [
          `Thank you for your order ${number}. Here is what you bought:`,
          `It will go to ${order.deliveryAddress.street.join(', ')}, ${order.deliveryAddress.postalCode} ${order.deliveryAddress.city}, ${order.deliveryAddress.country}. We will write again at every step.`,
        ],
        lines: true,
      };
    case 'INVOICE_CREATED':
      return {
        subject: `Invoice ${event.data.invoiceNumber} for order ${number}`,
        greeting,
        paragraphs: [
          `Your invoice ${event.data.invoiceNumber} is ready: ${formatMoney(event.data.subtotal)} of goods, ${formatMoney(event.data.delivery)} delivery, ${formatMoney(event.data.total)} in total.`,
          'We are now taking the payment.',
        ],
      };
    case 'PAYMENT_CONFIRMED':
      return {
        subject: `Payment received for order ${number}`,
        greeting,
        paragraphs: [`We received your payment of ${formatMoney(event.data.amount)}. Your order is being packed.`],
      };
    case 'PAYMENT_ACTION_REQUIRED':
      return {
        subject: `Please confirm your payment for order ${number}`,
        greeting,
        paragraphs: [
          `Your bank asks you to confirm the payment of ${formatMoney(event.data.amount)} for order ${number}.`,
          `Confirm it here: ${event.data.nextActionUrl}`,
          'We ship your order once your bank has confirmed the payment.',
        ],
      };
    case 'PAYMENT_FAILED':
      return {
        subject: `We could not take the payment for order ${number}`,
        greeting,
        paragraphs: [
          `The payment for order ${number} did not go through: ${event.data.reason.message}`,
          'Nothing was charged and the order is closed. You are welcome to order again with another payment method.',
        ],
      };
    case 'SHIPPED':
      return {
        subject: `Your order ${number} is on its way`,
        greeting,
        paragraphs: [
          `Your order left our warehouse with ${event.data.carrier}. Its tracking number is ${event.data.trackingNumber}.`,
        ],
        lines: true,
      };
    case 'SHIPMENT_ERROR':
      return {
        subject: `We cannot ship your order ${number}`,
        greeting,
        paragraphs: [
          `We could not send order ${number}: ${event.data.reason.message}`,
          'We are refunding your payment in full; you will get another email when it is done.',
        ],
      };
    case 'DELIVERED':
      return {
        subject: `Your order ${number} was delivered`,
        greeting,
        paragraphs: [
          `${event.data.carrier} delivered your order ${number} (tracking number ${event.data.trackingNumber}). We hope you enjoy it.`,
          'Something not right? You can send it back within 30 days: ask for a return on your order.',
        ],
        lines: true,
      };
    case 'DELIVERY_FAILED':
      return {
        subject: `We could not deliver your order ${number}`,
        greeting,
        paragraphs: [
          `${event.data.reason.message}`,
          'We are refunding your payment in full, delivery included; you will get another email when it is done.',
        ],
      };
    case 'PARCEL_RETURNED':
      return {
        subject: `Your parcel for order ${number} is back with us`,
        greeting,
        paragraphs: [
          `The parcel ${event.data.carrier} could not deliver (tracking number ${event.data.trackingNumber}) is back in our warehouse.`,
        ],
      };
    case 'RETURN_REQUESTED':
      return {
        subject: `Your return label for order ${number}`,
        greeting,
        paragraphs: [
          `We booked the return ${event.data.returnId} with ${event.data.label.carrier}: its tracking number is ${event.data.label.trackingNumber}.`,
          'Pack what you send back, hand it to the carrier with this tracking number, and we refund it once it arrives.',
        ],
      };
    case 'RETURN_RECEIVED':
      return {
        subject: `We received your return for order ${number}`,
        greeting,
        paragraphs: [
          `Your return ${event.data.returnId} (tracking number ${event.data.trackingNumber}) has arrived.`,
          'We are refunding what you sent back; you will get another email when it is done.',
        ],
      };
    case 'PAYMENT_REFUNDED':
      return {
        subject: `We refunded ${formatMoney(event.data.amount)} for order ${number}`,
        greeting,
        paragraphs: [
          `We refunded ${formatMoney(event.data.amount)} to your payment method. Reason: ${event.data.reason.message}`,
          'Depending on your bank, it shows on your statement within 5 to 10 days.',
        ],
      };
    case 'CREDIT_NOTE_CREATED':
      return {
        subject: `Credit note ${event.data.creditNoteNumber} for order ${number}`,
        greeting,
        paragraphs: [
          `Credit note ${event.data.creditNoteNumber} records the ${formatMoney(event.data.amount)} we refunded against invoice ${event.data.invoiceNumber}. Reason: ${event.data.reason.message}`,
          'Keep it with the invoice: together they show what you paid.',
        ],
      };
    case 'ORDER_MODIFIED':
      return event.version === 1
        ? {
            subject: `Your order ${number} was updated`,
            greeting,
            paragraphs: ['The changes you asked for are saved.'],
            lines: true,
          }
        : { subject: `Your order ${number} was changed`, greeting, paragraphs: changeParagraphs(event.data, order), lines: true };
    case 'ORDER_CANCELLED':
      return {
        subject: `Your order ${number} is cancelled`,
        greeting,
        paragraphs: [
          `Order ${number} is cancelled: ${event.data.reason.message}`,
          'If you had paid, the money is on its way back to you.',
        ],
      };
  }
};

const addressText = ({ street, postalCode, city, country }: Order['deliveryAddress']) =>
  `${street.join(', ')}, ${postalCode} ${city}, ${country}`;

/** What changed, in sentences: the first one leads the new lines, the refund (if any) comes last. */
const changeParagraphs = (data: Extract<OrderEvent<'ORDER_MODIFIED'>, { version: 2 }>['data'], order: Order): string[] => {
  const paragraphs: string[] = [];
  if (data.changed.includes('items')) {
    const before = new Map(data.old.items.map((line) => [line.productId, line]));
    const after = new Map(data.new.items.map((line) => [line.productId, line]));
    const removed = data.old.items.filter((line) => !after.has(line.productId)).map((line) => `${line.quantity} x ${line.name}`);
    const added = data.new.items.filter((line) => !before.has(line.productId)).map((line) => `${line.quantity} x ${line.name}`);
    const lowered = data.new.items
      .filter((line) => before.has(line.productId) && before.get(line.productId)!.quantity !== line.quantity)
      .map((line) => `${line.name} from ${before.get(line.productId)!.quantity} to ${line.quantity}`);
    paragraphs.push(
      [
        'We had to change the items of your order.',
        ...(removed.length ? [`Removed: ${removed.join(', ')}.`] : []),
        ...(added.length ? [`In their place: ${added.join(', ')}.`] : []),
        ...(lowered.length ? [`Quantity changed: ${lowered.join(', ')}.`] : []),
        'Your order now holds:',
      ].join(' '),
    );
  }
  if (data.changed.includes('deliveryAddress')) {
    paragraphs.push(
      `Your order will now go to ${addressText(data.new.deliveryAddress)} (it was ${addressText(data.old.deliveryAddress)}).`,
    );
  }
  const refund = refundOf(data);
  paragraphs.push(
    refund.amount > 0
      ? `You paid ${formatMoney(data.old.total)} and now pay ${formatMoney(data.new.total)}: we are refunding ${formatMoney(refund)} to your payment method, and will write again when it is done.`
      : `Your total stays ${formatMoney(order.total)}.`,
  );
  return paragraphs;
};

const lineText = (order: Order) => [
  ...order.items.map((line) => `  ${line.quantity} x ${line.name}  ${formatMoney(line.lineTotal)}`),
  `  Goods ${formatMoney(order.subtotal)}, delivery ${formatMoney(order.delivery)}, total ${formatMoney(order.total)}`,
];

const lineHtml = (order: Order) =>
  `<table style="border-collapse:collapse">${order.items
    .map(
      (line) =>
        `<tr><td style="padding:2px 12px 2px 0">${line.quantity} &times; ${escapeHtml(line.name)}</td><td style="text-align:right">${escapeHtml(formatMoney(line.lineTotal))}</td></tr>`,
    )
    .join(
      '',
    )}<tr><td style="padding-top:6px">Delivery</td><td style="text-align:right">${escapeHtml(formatMoney(order.delivery))}</td></tr>` +
  `<tr><td><strong>Total</strong></td><td style="text-align:right"><strong>${escapeHtml(formatMoney(order.total))}</strong></td></tr></table>`;

/** The email a customer gets for an event of their order: a subject, a text body and an HTML body saying the same. */
export const messageFor = (event: OrderEvent, order: Order): EmailMessage => {
  const draft = draftFor(event, order);
  const footer = `Order ${orderNumber(order)}. This email was sent because of your order; you cannot reply to it.`;
  const text = [
    draft.greeting,
    '',
    ...draft.paragraphs.flatMap((p, i) => (i === 0 && draft.lines ? [p, ...lineText(order), ''] : [p, ''])),
    footer,
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(draft.greeting)}</p>`,
    ...draft.paragraphs.flatMap((p, i) => [`<p>${escapeHtml(p)}</p>`, ...(i === 0 && draft.lines ? [lineHtml(order)] : [])]),
    `<p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: order.customerEmail, subject: draft.subject, text, html };
};
