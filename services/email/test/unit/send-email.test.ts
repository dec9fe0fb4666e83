import type { InternalOrder } from '@ecommerce/api-client';
import { exampleData, exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it, vi } from 'vitest';
import type { Mailer } from '../../src/adapters/mailer.js';
import type { SentEmails } from '../../src/adapters/sent-emails.js';
import { sendEmail } from '../../src/functions/send-email/send-email.js';

const order = { ...exampleData.ORDER_CREATED, orderId: 'ord-1' } as unknown as InternalOrder;

const fakes = ({ mailFails = false } = {}) => {
  const claims = new Map<string, 'sending' | 'sent'>();
  const sentTo: string[] = [];
  const sent: SentEmails = {
    claim: async (id) => (claims.has(id) ? false : (claims.set(id, 'sending'), true)),
    markSent: async (id) => void claims.set(id, 'sent'),
    release: async (id) => void claims.delete(id),
  };
  const mailer: Mailer = {
    send: async (message) => {
      if (mailFails) throw new Error('SES throttled');
      sentTo.push(message.subject);
      return { messageId: 'm-1' };
    },
  };
  return { deps: { orders: { get: async () => order }, mailer, sent }, claims, sentTo };
};

describe('sendEmail', () => {
  it('sends one email for an event however often it is delivered', async () => {
    const { deps, sentTo, claims } = fakes();
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await Promise.all([sendEmail(deps, event), sendEmail(deps, event), sendEmail(deps, event)]);
    await sendEmail(deps, event);

    expect(sentTo).toEqual(['Your order ord-1 is on its way']);
    expect(claims.get(event.id)).toBe('sent');
  });

  it('gives the claim back when sending fails, so that the retry sends it', async () => {
    const failing = fakes({ mailFails: true });
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await expect(sendEmail(failing.deps, event)).rejects.toThrow('SES throttled');

    expect(failing.claims.has(event.id)).toBe(false);
  });

  it('keeps the claim of an email that was sent but could not be marked so, and never sends it again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { deps, sentTo, claims } = fakes();
    deps.sent.markSent = async () => {
      throw new Error('DynamoDB throttled');
    };
    const event = exampleEvent('SHIPPED', { orderId: 'ord-1' });

    await sendEmail(deps, event);
    await sendEmail(deps, event);

    expect(sentTo).toHaveLength(1);
    expect(claims.get(event.id)).toBe('sending');
  });
});
