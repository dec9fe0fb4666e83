import type { Invoice, Order, Product, StalledOrder } from '@ecommerce/api-client';
import type { DeadLetter } from '@ecommerce/local-cloud';
import { testPaymentMethods, type CardBehaviour } from '@ecommerce/payment-sandbox/payment-methods';
import type { OrderEvent } from '@ecommerce/shared-events';
import { createBackend, type Connection, type Email } from './backend.js';
import { h, show, svg } from './dom.js';
import { formatMoney, kpis, latestOrders, litServices, sagaServices, timeline, type Kpis, type OrderRow } from './model.js';
import './style.css';

/** How often the page asks the local cloud what changed (polling: no reload, no extra server). */
const pollEveryMs = 1_000;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// --- connection -----------------------------------------------------------------------------------

const connectionView = byId<HTMLParagraphElement>('connection');
let connection: Connection = { ok: true };
/** The first failure of the current round of requests: one failed request means the page is not up to date. */
let failure: Connection | undefined;
const backend = createBackend(location.origin, (next) => {
  if (!next.ok) failure ??= next;
});
const showConnection = () => {
  connectionView.className = connection.ok ? 'connection ok' : 'connection down';
  connectionView.textContent = connection.ok
    ? 'Connected to the local cloud'
    : `Cannot reach the local cloud: ${connection.reason}. Retrying every second…`;
};

// --- the form -------------------------------------------------------------------------------------

const describeCard = (behaviour: CardBehaviour): string => {
  switch (behaviour.kind) {
    case 'succeeds':
      return 'pays';
    case 'declined':
      return `declined: ${behaviour.declineCode} → PAYMENT_FAILED`;
    case 'transient':
      return `fails ${behaviour.failures} times, then pays (retries)`;
    case 'slow':
      return `pays after ${behaviour.delayMs / 1000} s`;
    case 'refundFails':
      return 'pays, but its refunds fail at the bank → the order waits for its refund, among the stalled orders';
    case 'authenticates':
      return '3-D Secure: you authenticate on the bank page → PAYMENT_ACTION_REQUIRED, then by webhook';
    case 'settlesLater':
      return `bank debit: processing, ${behaviour.outcome === 'succeeds' ? 'pays' : 'fails'} after ${behaviour.delayMs / 1000} s by webhook`;
  }
};

/** Where the carrier delivers, where it refuses, where nobody is home, and where it is down (the carrier sandbox's rules). */
const destinations = [
  { value: 'berlin', label: 'Germany (DE): delivered', country: 'DE', city: 'Berlin', postalCode: '10115' },
  { value: 'paris', label: 'France (FR): delivered', country: 'FR', city: 'Paris', postalCode: '75001' },
  {
    value: 'antarctica',
    label: 'Antarctica (AQ): carrier refuses, destination_not_served → SHIPMENT_ERROR',
    country: 'AQ',
    city: 'McMurdo',
    postalCode: '9999',
  },
  {
    value: 'nobody-home',
    label: 'Nobody home (city "Nobody Home"): 3 attempts, DELIVERY_FAILED → the parcel comes back, refunded',
    country: 'GB',
    city: 'Nobody Home',
    postalCode: 'NH1 1AA',
  },
  {
    value: 'carrier-down',
    label: 'Carrier down (city "Carrier Down"): nothing booked → the order stalls, then is cancelled',
    country: 'GB',
    city: 'Carrier Down',
    postalCode: 'CD1 1AA',
  },
];

const form = byId<HTMLFormElement>('order-form');
const formOutcome = byId<HTMLOutputElement>('order-outcome');
const productSelect = byId<HTMLSelectElement>('product');
const paymentSelect = byId<HTMLSelectElement>('payment-method');
const destinationSelect = byId<HTMLSelectElement>('destination');
byId<HTMLInputElement>('customer-id').value = `cust-console-${crypto.randomUUID().slice(0, 8)}`;
paymentSelect.replaceChildren(
  ...Object.entries(testPaymentMethods).map(([name, behaviour]) =>
    h('option', { value: name }, `${name}: ${describeCard(behaviour)}`),
  ),
);
destinationSelect.replaceChildren(
  ...destinations.map((destination) => h('option', { value: destination.value }, destination.label)),
);

let catalogue: Product[] = [];
const loadCatalogue = async () => {
  if (catalogue.length > 0) return;
  catalogue = await backend.products();
  productSelect.replaceChildren(
    ...catalogue.map((product) =>
      h(
        'option',
        { value: product.productId },
        `${product.name} (${formatMoney({ amount: product.unitPrice, currency: product.currency })})`,
      ),
    ),
  );
};

form.addEventListener('submit', (submitted) => {
  submitted.preventDefault();
  void placeOrder();
});

const placeOrder = async () => {
  const data = new FormData(form);
  const field = (name: string) => String(data.get(name) ?? '');
  const product = catalogue.find((candidate) => candidate.productId === field('productId'));
  const destination = destinations.find((candidate) => candidate.value === field('destination'))!;
  if (!product) {
    formOutcome.textContent = 'The catalogue has not loaded yet: wait for the local cloud and try again.';
    return;
  }
  formOutcome.textContent = 'Placing the order…';
  try {
    const {
      data: order,
      error,
      response,
    } = await backend.ordersAs(field('customerId'), field('email')).POST('/orders', {
      body: {
        currency: product.currency,
        items: [{ productId: product.productId, quantity: Number(field('quantity')), unitPrice: product.unitPrice }],
        deliveryAddress: {
          name: 'Console Tester',
          street: ['1 Test Street'],
          city: destination.city,
          postalCode: destination.postalCode,
          country: destination.country,
        },
        paymentToken: field('paymentToken'),
      },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    if (!order) {
      formOutcome.textContent = `The orders API refused the order (${response.status}): ${JSON.stringify(error)}`;
      return;
    }
    formOutcome.textContent = `Placed order ${order.orderId}; watch it below.`;
    select(order.orderId);
  } catch (error) {
    formOutcome.textContent = `The order could not be placed: ${(error as Error).message}`;
  }
};

// --- latest orders --------------------------------------------------------------------------------

const ordersView = byId<HTMLElement>('orders');
let selected: string | undefined;
const select = (orderId: string) => {
  selected = orderId;
  void refresh();
};

const renderOrders = (rows: OrderRow[]) =>
  show(ordersView, { rows, selected }, () => [
    rows.length === 0
      ? h('p', {}, 'No orders yet: place one with the form.')
      : h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, 'Latest orders, newest first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Order'),
              h('th', { scope: 'col' }, 'Customer'),
              h('th', { scope: 'col' }, 'Total'),
              h('th', { scope: 'col' }, 'Status'),
              h('th', { scope: 'col' }, 'Placed'),
            ),
          ),
          h(
            'tbody',
            {},
            ...rows.map((row) => {
              const button = h(
                'button',
                { type: 'button', 'aria-label': `Show order ${row.orderId}`, 'aria-pressed': String(row.orderId === selected) },
                row.orderId.slice(0, 8),
              );
              button.addEventListener('click', () => select(row.orderId));
              return h(
                'tr',
                { 'data-order-id': row.orderId },
                h('td', {}, button),
                h('td', {}, row.customerId),
                h('td', { class: 'number' }, formatMoney(row.total)),
                h('td', {}, h('span', { class: `status ${row.status}` }, row.status)),
                h('td', {}, new Date(row.createdAt).toLocaleTimeString()),
              );
            }),
          ),
        ),
  ]);

// --- one order ------------------------------------------------------------------------------------

const detailView = byId<HTMLElement>('order-detail');

interface Detail {
  orderId: string;
  order?: Order;
  events: OrderEvent[];
  emails: Email[];
  invoice?: Invoice;
}

const loadDetail = async (orderId: string): Promise<Detail> => {
  const [events, got, emails] = await Promise.all([
    backend.events(orderId),
    backend.operatorOrders.GET('/orders/{orderId}', { params: { path: { orderId } } }),
    backend.emails(),
  ]);
  const invoiceId = events.find((event): event is OrderEvent<'INVOICE_CREATED'> => event.type === 'INVOICE_CREATED')?.data
    .invoiceId;
  const invoice = invoiceId
    ? (await backend.operatorInvoices.GET('/invoices/{invoiceId}', { params: { path: { invoiceId } } })).data
    : undefined;
  return {
    orderId,
    order: got.data,
    events,
    emails: emails
      .filter((email) => email.subject.includes(orderId))
      .map(({ messageId, subject, destination, at }) => ({ messageId, subject, destination, at })),
    invoice,
  };
};

/** The invoice, its credit notes (one per refund) and its balance: what the customer paid in the end. */
const invoiceView = (invoice: Invoice | undefined) => {
  if (!invoice) return [h('p', {}, 'None yet.')];
  return [
    h('p', {}, `${invoice.invoiceNumber}: ${formatMoney(invoice.total)}, issued ${new Date(invoice.issuedAt).toLocaleString()}`),
    ...(invoice.creditNotes.length === 0
      ? []
      : [
          h(
            'ul',
            { 'aria-label': 'Credit notes' },
            ...invoice.creditNotes.map((note) =>
              h('li', {}, `${note.creditNoteNumber}: −${formatMoney(note.amount)}, ${note.reason.message}`),
            ),
          ),
          h('p', {}, `Balance: ${formatMoney(invoice.balance)}`),
        ]),
  ];
};

const sagaPicture = (events: OrderEvent[], emails: Email[]) => {
  // Email emits no event: it took part when the customer got an e-mail.
  const lit = litServices(events);
  if (emails.length > 0) lit.add('email');
  const width = 620;
  const boxes = sagaServices.map((service, index) => ({ service, x: 10 + index * 122, lit: lit.has(service) }));
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} 170`,
      role: 'img',
      'aria-label': `The saga: ${boxes.map((box) => `${box.service} ${box.lit ? 'took part' : 'not yet'}`).join(', ')}`,
    },
    svg('rect', { x: 10, y: 120, width: width - 20, height: 36, rx: 6, class: 'topic' }),
    svg('text', { x: width / 2, y: 143, 'text-anchor': 'middle' }, 'SNS topic order-events'),
    ...boxes.flatMap((box) => [
      svg('line', { x1: box.x + 52, y1: 60, x2: box.x + 52, y2: 120, class: box.lit ? 'wire lit' : 'wire' }),
      svg('rect', { x: box.x, y: 10, width: 104, height: 50, rx: 6, class: box.lit ? 'service lit' : 'service' }),
      svg('text', { x: box.x + 52, y: 32, 'text-anchor': 'middle' }, box.service),
      svg(
        'text',
        { x: box.x + 52, y: 50, 'text-anchor': 'middle', class: 'small' },
        events
          .filter((event) => event.source === box.service)
          .map((event) => event.type)
          .join(', ')
          .slice(0, 22),
      ),
    ]),
  );
};

const renderDetail = (detail: Detail | undefined) =>
  show(detailView, detail ?? null, () => {
    if (!detail) return [h('p', {}, 'Pick an order in the list, or place one, to see its timeline.')];
    const steps = timeline(detail.events);
    return [
      h('h3', {}, `Order ${detail.orderId}`),
      h(
        'p',
        {},
        'Status (orders API): ',
        h(
          'strong',
          { class: `status ${detail.order?.status ?? ''}`, 'data-testid': 'detail-status' },
          detail.order?.status ?? 'unknown',
        ),
        // The customer's step while the bank waits for them: the sandbox's 3-D Secure page.
        detail.order?.payment
          ? h(
              'a',
              { href: detail.order.payment.nextActionUrl, target: '_blank', rel: 'noopener', 'data-testid': 'authenticate' },
              ' authenticate the payment',
            )
          : undefined,
      ),
      sagaPicture(detail.events, detail.emails),
      h('h4', {}, 'Timeline'),
      h(
        'ol',
        { class: 'timeline', 'aria-label': 'Timeline of the order' },
        ...steps.map((step) =>
          h(
            'li',
            {},
            h('strong', {}, step.event.type),
            ` from ${step.service} at ${new Date(step.event.time).toLocaleTimeString()}`,
            step.tookMs === undefined ? '' : ` (+${step.tookMs} ms)`,
            step.onWebhook ? h('span', { class: 'webhook' }, " on the payment provider's webhook") : undefined,
          ),
        ),
      ),
      h('h4', {}, 'E-mails to the customer'),
      detail.emails.length === 0
        ? h('p', {}, 'None yet.')
        : h('ul', {}, ...detail.emails.map((email) => h('li', {}, `${email.subject} → ${email.destination.to.join(', ')}`))),
      h('h4', {}, 'Invoice'),
      ...invoiceView(detail.invoice),
    ];
  });

// --- dead letters ---------------------------------------------------------------------------------

const deadLettersView = byId<HTMLElement>('dead-letters');
const redriveOutcome = byId<HTMLOutputElement>('redrive-outcome');

const redrive = async (letter: DeadLetter) => {
  redriveOutcome.textContent = `Redriving ${letter.eventType ?? 'the event'} to ${letter.service}/${letter.function}…`;
  try {
    const outcome = await backend.redrive(letter.pk);
    redriveOutcome.textContent = outcome.ok
      ? `Redriven: ${letter.service}/${letter.function} handled ${letter.eventType ?? 'the event'} of ${letter.orderId ?? '?'}.`
      : `Redriven, and failed again: ${outcome.error ?? 'no reason given'}.`;
  } catch (error) {
    redriveOutcome.textContent = `The redrive failed: ${(error as Error).message}`;
  }
  void refresh();
};

const renderDeadLetters = (letters: DeadLetter[]) =>
  show(
    deadLettersView,
    letters.map(({ event: _event, ...letter }) => letter),
    () => [
      letters.length === 0
        ? h('p', {}, 'No dead letters.')
        : h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, 'Dead letters, oldest first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Function', 'Event', 'Order', 'Attempts', 'Error', ''].map((title) => h('th', { scope: 'col' }, title)),
              ),
            ),
            h(
              'tbody',
              {},
              ...letters.map((letter) => {
                const button = h(
                  'button',
                  {
                    type: 'button',
                    'aria-label': `Redrive ${letter.eventType ?? 'event'} ${letter.eventId ?? letter.pk} to ${letter.service}/${letter.function}`,
                  },
                  'Redrive',
                );
                button.addEventListener('click', () => void redrive(letter));
                return h(
                  'tr',
                  {},
                  h('td', {}, `${letter.service}/${letter.function}`),
                  h('td', {}, `${letter.eventType ?? '?'} ${letter.eventId ?? ''}`),
                  h('td', {}, letter.orderId ?? ''),
                  h('td', { class: 'number' }, letter.attempts),
                  h('td', { class: 'error' }, letter.error),
                  h('td', {}, button),
                );
              }),
            ),
          ),
    ],
  );

// --- stalled orders -----------------------------------------------------------------------------

const stalledView = byId<HTMLElement>('stalled');

/** The orders the sweep found past their step's deadline, longest stalled first, as operators list them. */
const renderStalled = (orders: StalledOrder[]) =>
  show(stalledView, { orders, selected }, () => [
    orders.length === 0
      ? h('p', {}, "No stalled orders: every order is within its step's deadline.")
      : h(
          'table',
          {},
          h('caption', { class: 'visually-hidden' }, 'Stalled orders, longest stalled first'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Order', 'Customer', 'Total', 'Stalled in', 'Since'].map((title) => h('th', { scope: 'col' }, title)),
            ),
          ),
          h(
            'tbody',
            {},
            ...orders.map((order) => {
              const button = h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Show stalled order ${order.orderId}`,
                  'aria-pressed': String(order.orderId === selected),
                },
                order.orderId.slice(0, 8),
              );
              button.addEventListener('click', () => select(order.orderId));
              return h(
                'tr',
                { 'data-order-id': order.orderId },
                h('td', {}, button),
                h('td', {}, order.customerId),
                h('td', { class: 'number' }, formatMoney(order.total)),
                h('td', {}, h('span', { class: `status ${order.status}` }, order.status)),
                h('td', {}, new Date(order.stalledAt).toLocaleTimeString()),
              );
            }),
          ),
        ),
  ]);

const loadStalled = async (): Promise<StalledOrder[]> => {
  const { data } = await backend.operatorOrders.GET('/orders/stalled', { params: { query: { limit: 20 } } });
  if (!data) throw new Error('the orders API did not list the stalled orders');
  return data.items;
};

// --- KPIs -----------------------------------------------------------------------------------------

const kpiView = byId<HTMLElement>('kpis');

const chart = (figures: Kpis) => {
  const height = 80;
  const barWidth = 12;
  const most = Math.max(1, ...figures.buckets.map((bucket) => Math.max(bucket.created, bucket.fulfilled, bucket.failed)));
  const bar = (value: number, x: number, kind: string) =>
    svg('rect', { x, y: height - (value / most) * height, width: barWidth / 3, height: (value / most) * height, class: kind });
  return svg(
    'svg',
    {
      viewBox: `0 0 ${figures.buckets.length * (barWidth + 4)} ${height}`,
      role: 'img',
      'aria-label': `Orders per minute over the last ${figures.buckets.length} minutes: created, fulfilled and failed`,
      preserveAspectRatio: 'none',
      class: 'chart',
    },
    ...figures.buckets.flatMap((bucket, index) => {
      const x = index * (barWidth + 4);
      return [
        bar(bucket.created, x, 'created'),
        bar(bucket.fulfilled, x + barWidth / 3, 'fulfilled'),
        bar(bucket.failed, x + (2 * barWidth) / 3, 'failed'),
      ];
    }),
  );
};

const renderKpis = (figures: Kpis) =>
  show(kpiView, figures, () => [
    h(
      'dl',
      { class: 'figures' },
      h('div', { class: 'created' }, h('dt', {}, 'Created'), h('dd', {}, figures.created)),
      h('div', { class: 'fulfilled' }, h('dt', {}, 'Fulfilled (delivered)'), h('dd', {}, figures.fulfilled)),
      h('div', { class: 'failed' }, h('dt', {}, 'Failed (payment or shipment)'), h('dd', {}, figures.failed)),
    ),
    chart(figures),
  ]);

// --- the loop -------------------------------------------------------------------------------------

/** Each panel asks for what it shows; one failing (the network, a part down) leaves the others as they were. */
const panels: Array<() => Promise<void>> = [
  loadCatalogue,
  async () => {
    const events = await backend.events();
    renderOrders(latestOrders(events, { watched: selected }));
    renderKpis(kpis(events, new Date()));
  },
  async () => renderDeadLetters(await backend.deadLetters()),
  async () => renderStalled(await loadStalled()),
  async () => renderDetail(selected ? await loadDetail(selected) : undefined),
];

let refreshing: Promise<void> | undefined;
const refresh = (): Promise<void> =>
  (refreshing ??= Promise.allSettled(panels.map((panel) => panel())).then(() => {
    connection = failure ?? { ok: true };
    failure = undefined;
    showConnection();
    refreshing = undefined;
  }));

const loop = async () => {
  await refresh();
  setTimeout(() => void loop(), pollEveryMs);
};
void loop();
