/**
 * What a test may do beyond the public APIs a customer uses. The local cloud has every lever; a
 * deployed stage has only those it can offer without reaching behind its services' backs. A test
 * file declares the levers it pulls (`needs(...)` in ./needs.ts), and a target without one of them
 * skips the file, naming the capability: never by the stage's name.
 */
const capabilityMeanings = {
  'local-issuer': 'sign in as any customer id, with any groups or lifetime, from the local OpenID issuer',
  'sns-hub': 'publish events onto the order-events topic from the test (the local SNS hub)',
  'lambda-invoke': "deliver an event to one function at a moment the test chooses (serverless-offline's invoke API)",
  mailbox: 'read every e-mail sent (the local SES endpoint keeps them)',
  'event-journal': 'read every event that crossed the topic (the local event journal)',
  tables: "read the services' DynamoDB tables behind the API's back",
  'payment-ledger': 'read what the payment provider charged and refunded (payment intent search, refunds)',
  'payment-sandbox-cards':
    "the payment sandbox's own test cards: a slow provider, a transient failure, SEPA debits settling in seconds",
  'payment-authentication': "complete or fail 3-D Secure on the payment sandbox's authentication page (a form post)",
  'payment-webhooks':
    "sign webhooks as the payment provider with the local sandbox's fixed secret, and post them to billing's POST /payments/webhooks",
  'carrier-sandbox':
    'read the bookings of the carrier sandbox, and use its levers (collect, an outage city, Nobody Home, a slow postcode)',
  'carrier-webhook-secret': "sign the carrier's webhooks to shipment with the stage's secret (the local cloud's fixed one)",
  'local-logs': "read every service's log lines and metrics from the local cloud's log files",
  'dead-letters': "list and redrive the local cloud's dead letters",
  'short-deadlines': "the local stage's order deadlines (20 s to stall, 20 s more to cancel)",
  'kill-processes': "kill the processes that run a service's functions (SIGKILL by the process ids the local cloud records)",
} as const;

export type Capability = keyof typeof capabilityMeanings;

export const allCapabilities = Object.keys(capabilityMeanings) as Capability[];

export const isCapability = (name: string): name is Capability => Object.hasOwn(capabilityMeanings, name);
