import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSesMailer } from '../src/adapters/mailer.js';
import { createSentEmails } from '../src/adapters/sent-emails.js';

// The adapters as they run on AWS, against aws-ses-v2-local and DynamoDB Local.
const mailer = createSesMailer({ sender: 'orders@shop.example' });
const sent = createSentEmails({ tableName: 'email-local' });

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

describe('the email adapters on the local cloud', () => {
  it('sends a text and HTML email through SES v2 that the local mailbox shows', async () => {
    const to = `ada+${randomUUID()}@example.com`;

    const { messageId } = await mailer.send(
      { to, subject: 'Your order is on its way', text: 'Tracking LP1', html: '<p>Tracking LP1</p>' },
      { eventType: 'SHIPPED' },
    );

    const { emails } = (await (await fetch('http://127.0.0.1:8005/store')).json()) as { emails: StoredEmail[] };
    expect(emails.find((email) => email.destination.to.includes(to))).toMatchObject({
      messageId,
      from: 'orders@shop.example',
      subject: 'Your order is on its way',
      body: { text: 'Tracking LP1', html: '<p>Tracking LP1</p>' },
    });
  });

  it('lets one of many concurrent deliveries claim an event, and none after it is sent', async () => {
    const eventId = randomUUID();
    const now = new Date();

    const claims = await Promise.all(Array.from({ length: 10 }, () => sent.claim(eventId, now)));
    await sent.markSent(eventId, 'm-1', now);

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await sent.claim(eventId, new Date(now.getTime() + 3_600_000))).toBe(false);
  });

  it('lets a claim be taken again once it was given back, or once it is stale', async () => {
    const released = randomUUID();
    const stale = randomUUID();
    const now = new Date();
    await sent.claim(released, now);
    await sent.claim(stale, now);

    await sent.release(released);

    expect(await sent.claim(released, now)).toBe(true);
    expect(await sent.claim(stale, new Date(now.getTime() + 30_000))).toBe(false);
    expect(await sent.claim(stale, new Date(now.getTime() + 61_000))).toBe(true);
  });
});
