import type { InternalOrder } from '@ecommerce/api-client';
import { eventTypes, exampleData, exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { messageFor } from '../../src/domain/messages.js';

const order: InternalOrder = {
  orderId: 'ord-1',
  status: 'ORDER_CREATED',
  customerId: 'cust-42',
  customerEmail: 'ada@example.com',
  items: exampleData.ORDER_CREATED.items,
  subtotal: exampleData.ORDER_CREATED.subtotal,
  delivery: exampleData.ORDER_CREATED.delivery,
  total: exampleData.ORDER_CREATED.total,
  deliveryAddress: exampleData.ORDER_CREATED.deliveryAddress,
  createdAt: '2026-11-21T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  history: [],
};

describe('messageFor', () => {
  it.each(eventTypes)('writes %s to the customer with a subject, a text and an HTML body naming the order', (type) => {
    const message = messageFor(exampleEvent(type, { orderId: 'ord-1' }), order);

    expect(message.to).toBe('ada@example.com');
    expect(message.subject).toContain('ord-1');
    expect(message.text).toContain('Hello Ada Lovelace,');
    expect(message.html).toContain('<p>Hello Ada Lovelace,</p>');
  });

  it('lists the items and the total when the order is received', () => {
    const message = messageFor(exampleEvent('ORDER_CREATED'), order);

    expect(message.text).toContain('2 x Stovetop kettle  €39.98');
    expect(message.text).toContain('total €44.88');
    expect(message.html).toContain('2 &times; Stovetop kettle');
  });

  it('gives the tracking number when the order ships', () => {
    const message = messageFor(exampleEvent('SHIPPED'), order);

    expect(message.subject).toBe('Your order ord-1 is on its way');
    expect(message.text).toContain('with Local Parcel Co. Its tracking number is LP123456789GB.');
  });

  it('sends the return label with its tracking number when the customer asks to send lines back', () => {
    const message = messageFor(exampleEvent('RETURN_REQUESTED'), order);

    expect(message.subject).toBe('Your return label for order ord-1');
    expect(message.text).toContain('with Local Parcel Co: its tracking number is LPR123456789GB.');
    expect(message.html).toContain('LPR123456789GB');
  });

  it('asks the customer to confirm a payment their bank wants authenticated, with the link', () => {
    const message = messageFor(exampleEvent('PAYMENT_ACTION_REQUIRED'), order);

    expect(message.subject).toBe('Please confirm your payment for order ord-1');
    expect(message.text).toContain('Confirm it here: https://hooks.stripe.com/3d_secure_2/hosted?payment_intent=pi_3Nabc');
  });

  it.each([
    ['PAYMENT_FAILED', 'Your card was declined.'],
    ['SHIPMENT_ERROR', 'We cannot deliver to Antarctica.'],
    ['PAYMENT_REFUNDED', 'The carrier could not deliver to your address.'],
  ] as const)('explains %s with its reason', (type, reason) => {
    expect(messageFor(exampleEvent(type), order).text).toContain(reason);
  });

  it('escapes what the customer typed in the HTML body', () => {
    const hostile = { ...order, deliveryAddress: { ...order.deliveryAddress, name: '<script>alert(1)</script>' } };

    const message = messageFor(exampleEvent('ORDER_CREATED'), hostile);

    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
