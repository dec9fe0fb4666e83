import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApiClient } from '@ecommerce/api-client';
import { createPoisonedOrder, publishPoisonMessage } from '@ecommerce/e2e/poison-message';
import { localCloud, signIn } from '@ecommerce/local-cloud';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';

/** Where the tests leave the console's screenshot (the README's is a copy of one). */
const screenshotDir = join(import.meta.dirname, '..', '..', '..', '.local-cloud');
/** An order takes seconds to ship on a quiet machine, more under the whole suite on two cores. */
const eventuallyMs = 90_000;

let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let loads = 0;

beforeAll(async () => {
  chromium = await launchChromium();
}, 600_000); // a fresh machine installs chromium first
afterAll(() => chromium?.close());

beforeEach(async () => {
  page = await chromium.browser.newPage();
  page.setDefaultTimeout(eventuallyMs);
  loads = 0;
  page.on('load', () => (loads += 1));
  await page.goto(localCloud.console.url);
  // The form is usable once the catalogue is in it.
  await page.getByRole('combobox', { name: 'Product' }).locator('option').first().waitFor({ state: 'attached' });
}, eventuallyMs);
afterEach(() => page?.close());

/** Places an order from the form, as a newcomer would, and gives its id from what the page says. */
const placeFromForm = async (
  paymentMethod: string,
  {
    customerId = `cust-${randomUUID()}`,
    destination = 'berlin',
    email,
  }: { customerId?: string; destination?: string; email?: string } = {},
): Promise<string> => {
  await page.getByRole('textbox', { name: 'Customer' }).fill(customerId);
  await page.getByRole('textbox', { name: 'Account e-mail' }).fill(email ?? `${customerId}@example.com`);
  await page.getByRole('combobox', { name: 'Payment method' }).selectOption(paymentMethod);
  await page.getByRole('combobox', { name: 'Destination' }).selectOption(destination);
  await page.getByRole('button', { name: 'Place order' }).click();
  const placed = page.getByRole('status').filter({ hasText: /Placed order/ });
  await placed.waitFor();
  return /Placed order ([0-9a-f-]{36})/.exec((await placed.textContent()) ?? '')![1]!;
};

/** The row of `orderId` in the latest orders. */
const rowOf = (orderId: string) =>
  page.getByRole('row').filter({ has: page.getByRole('button', { name: `Show order ${orderId}` }) });

// Each test waits for conditions (no timings): up to eventuallyMs for each, longer in all.
describe('the console in a browser', { timeout: 3 * eventuallyMs }, () => {
  it('places an order from the form and shows it reach SHIPPED, step by step, without a reload', async () => {
    const email = `ada+${randomUUID()}@example.com`;
    const orderId = await placeFromForm('pm_card_visa', { email });

    await rowOf(orderId).getByText('SHIPPED', { exact: true }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline of the order' });
    await timeline.getByText('SHIPPED', { exact: true }).waitFor();
    expect(await timeline.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^ORDER_CREATED from orders at /),
      expect.stringMatching(/^INVOICE_CREATED from invoice at .*\(\+\d+ ms\)$/),
      // The provider's webhook may settle it before billing has its answer: either is one step.
      expect.stringMatching(/^PAYMENT_CONFIRMED from billing at .*\(\+\d+ ms\)( on the payment provider's webhook)?$/),
      expect.stringMatching(/^SHIPPED from shipment at .*\(\+\d+ ms\)$/),
    ]);
    await page.getByText(/^INV-\d{4}-[A-Z]-\d{6}: /).waitFor();
    // Sent to the address the customer signed in with: the account's, not one the order names.
    await page
      .getByRole('listitem')
      .filter({ hasText: `Your order ${orderId} is on its way → ${email}` })
      .waitFor();
    await page
      .getByRole('img', {
        name: 'The saga: orders took part, invoice took part, billing took part, shipment took part, email took part',
      })
      .waitFor();
    expect(loads).toBe(1);

    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'console.png'), fullPage: true });
  });

  it('offers 3-D Secure: the order shows the authenticate link, and its timeline the webhook that settled it', async () => {
    const orderId = await placeFromForm('pm_card_threeDSecure2Required');

    await rowOf(orderId).getByText('PAYMENT_ACTION_REQUIRED', { exact: true }).waitFor();
    const link = page.getByRole('link', { name: 'authenticate the payment' });
    const [bank] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await bank.getByRole('button', { name: 'Complete authentication' }).click();
    await bank.close();

    await rowOf(orderId).getByText('SHIPPED', { exact: true }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline of the order' });
    await timeline.getByText('SHIPPED', { exact: true }).waitFor();
    expect(await timeline.getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PAYMENT_ACTION_REQUIRED from billing at /),
        expect.stringMatching(/^PAYMENT_CONFIRMED from billing at .* on the payment provider's webhook$/),
      ]),
    );
  });

  it('shows a declined card end in PAYMENT_FAILED', async () => {
    const orderId = await placeFromForm('pm_card_chargeDeclined');

    await rowOf(orderId).getByText('PAYMENT_FAILED', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Timeline of the order' }).getByText('PAYMENT_FAILED', { exact: true }).waitFor();
    expect(loads).toBe(1);
  });

  it("shows a refused parcel's refund as a credit note on the invoice, leaving a balance of nothing", async () => {
    const orderId = await placeFromForm('pm_card_visa', { destination: 'antarctica' });

    await rowOf(orderId).getByText('PAYMENT_REFUNDED', { exact: true }).waitFor();
    const creditNotes = page.getByRole('list', { name: 'Credit notes' });
    await creditNotes.getByRole('listitem').first().waitFor();
    expect(await creditNotes.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^CN-\d{4}-[A-Z]-\d{6}: −.*Our carrier does not deliver to Antarctica/),
    ]);
    await page.getByText(/^Balance: \D*0\.00/).waitFor();
    expect(loads).toBe(1);
  });

  it('lists an order whose carrier is down among the stalled orders, without a reload', async () => {
    const orderId = await placeFromForm('pm_card_visa', { destination: 'carrier-down' });

    // The local deadline of a paid order waiting for its shipment is 20 s, and the sweep runs every 5 s.
    const stalled = page.getByRole('table', { name: 'Stalled orders, longest stalled first' });
    await stalled.getByRole('button', { name: `Show stalled order ${orderId}` }).waitFor();
    await stalled
      .getByRole('row')
      .filter({ hasText: orderId.slice(0, 8) })
      .getByText('PAYMENT_CONFIRMED')
      .waitFor();
    expect(loads).toBe(1);
  });

  it('redrives a dead letter from the page', async () => {
    // A poison message, as the poison-messages end-to-end test makes one: it ends in the dead
    // letters of orders/trackOrder.
    const poison = await publishPoisonMessage();
    const orderId = poison.orderId;
    const redrive = page.getByRole('button', { name: `Redrive INVOICE_CREATED ${poison.id} to orders/trackOrder` });
    await redrive.waitFor();

    // The cause goes away: the order appears (behind the API's back, as in the poison test).
    await createPoisonedOrder(poison);
    await redrive.click();

    await page
      .getByRole('status')
      .filter({ hasText: `Redriven: orders/trackOrder handled INVOICE_CREATED of ${orderId}.` })
      .waitFor();
    await redrive.waitFor({ state: 'detached' });
    const operator = createApiClient({
      baseUrl: 'http://127.0.0.1:3000',
      token: await signIn('console-e2e', { groups: ['operators'] }),
    });
    const { data: order } = await operator.GET('/orders/{orderId}', { params: { path: { orderId } } });
    expect(order?.history.map((entry) => entry.status)).toEqual(['ORDER_CREATED', 'INVOICE_CREATED']);
  });

  it('says when it cannot reach the local cloud, and recovers', async () => {
    const connection = page.getByRole('status').filter({ hasText: /local cloud/ });
    await connection.filter({ hasText: 'Connected to the local cloud' }).waitFor();

    await page.route('**/journal/**', (route) => route.abort('internetdisconnected'));
    await connection.filter({ hasText: /^Cannot reach the local cloud: .* Retrying every second…$/ }).waitFor();

    await page.unroute('**/journal/**');
    await connection.filter({ hasText: 'Connected to the local cloud' }).waitFor();
    expect(loads).toBe(1);
  });

  it('gives every control an accessible name', async () => {
    const snapshot = await page.locator('body').ariaSnapshot();
    expect(snapshot).toMatch(/- button "Place order"/);
    const unnamed = snapshot
      .split('\n')
      .filter((line) => /^\s*- (button|textbox|combobox|spinbutton|checkbox|radio|link|slider)\b(?! ")/.test(line));
    expect(unnamed).toEqual([]);
  });
});
