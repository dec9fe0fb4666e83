import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { needs } from '../src/needs.js';
import {
  journal,
  orderFor,
  placeOrder,
  signInWithEmail,
  someProducts,
  storedOrdersOf,
  uniqueCustomer,
  waitForEvent,
  settling,
} from './stack.js';

needs('local-issuer', 'mailbox', 'event-journal', 'tables');

const mailbox = 'http://127.0.0.1:8005/store';

/** Every email the local SES endpoint was given for `address`. */
const emailsTo = async (address: string) =>
  ((await (await fetch(mailbox)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> }).emails.filter(
    (email) => email.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()),
  );

// What a customer's own address is, at the identity provider, and another person's.
const addresses = () => ({ own: `ada+${randomUUID()}@example.com`, victim: `victim+${randomUUID()}@example.org` });

describe("an order's mail goes only to the customer's own verified address", () => {
  it('an order that names another e-mail address is refused and sends it nothing; the customer gets the mail at their own', async () => {
    const customerId = uniqueCustomer();
    const { own, victim } = addresses();
    await signInWithEmail(customerId, { email: own });
    const body = orderFor(customerId, await someProducts(1));

    const named = await placeOrder({ ...body, customerEmail: victim });

    expect(named.response.status).toBe(403);
    expect(named.error).toMatchObject({ code: 'email_not_yours', details: [{ path: '/customerEmail' }] });
    expect(await storedOrdersOf(customerId)).toEqual([]);

    // The same order without the field: its mail goes to the account's address, and only there.
    const placed = await placeOrder(body);
    expect(placed.response.status).toBe(201);
    const orderId = placed.data!.orderId;
    expect(placed.data!.customerEmail).toBe(own);
    expect((await waitForEvent(orderId, 'ORDER_CREATED')).data).toMatchObject({ customerEmail: own });
    // Four emails by the time the order has shipped (created, invoiced, paid, shipped): after them,
    // anything the refused order could have sent would have arrived too.
    const mine = await vi.waitFor(
      async () => {
        const emails = (await emailsTo(own)).filter((email) => email.subject.includes(orderId));
        expect(emails.length, `the four emails of ${orderId} at ${own}`).toBeGreaterThanOrEqual(4);
        return emails;
      },
      { ...settling, timeout: 30_000 },
    );
    expect(mine).toHaveLength(4);
    expect(await emailsTo(victim)).toEqual([]);
    expect((await journal()).filter((event) => JSON.stringify(event.data).includes(victim))).toEqual([]);
  });

  it('a customer whose address is not verified is answered 403 and sent nothing, and is let through once it is', async () => {
    const customerId = uniqueCustomer();
    const { own } = addresses();
    await signInWithEmail(customerId, { email: own, emailVerified: false });
    const body = orderFor(customerId, await someProducts(1));

    const unverified = await placeOrder(body);

    expect(unverified.response.status).toBe(403);
    expect(unverified.error).toMatchObject({ code: 'email_not_verified', message: expect.stringContaining('not verified') });
    expect(await storedOrdersOf(customerId)).toEqual([]);

    // Verified at the identity provider (here: signed in again, as the user pool would now say).
    await signInWithEmail(customerId, { email: own, emailVerified: true });
    const verified = await placeOrder(body);
    expect(verified.response.status).toBe(201);
    const orderId = verified.data!.orderId;
    const emails = await vi.waitFor(async () => {
      const found = await emailsTo(own);
      expect(found.length, `the first email of ${orderId}`).toBeGreaterThan(0);
      return found;
    }, settling);
    // Only the verified order's mail ever reached the address.
    expect(emails.every((email) => email.subject.includes(orderId))).toBe(true);
  });
});
