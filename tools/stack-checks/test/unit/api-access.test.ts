import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, routes, type PackagedService } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

// The catalogue is public; the carrier's and the payment provider's webhook routes carry their
// signature instead of a token, which their handlers check (services/shipment carrier-webhook,
// services/billing receive-payment-webhook); other services call the internal routes with their role's signature.
const publicRoutes = ['GET /products', 'GET /products/{productId}', 'POST /carrier/webhooks', 'POST /payments/webhooks'];

describe('every API', () => {
  it('throttles every method of its stage, with a burst no lower than its rate', () => {
    const stages = services.flatMap((service) =>
      resourcesOfType(service.template, 'AWS::ApiGateway::Stage').map(([, stage]) => ({ service, stage })),
    );

    expect(stages.map(({ service }) => service.name).sort()).toEqual(['billing', 'invoice', 'orders', 'products', 'shipment']);
    for (const { service, stage } of stages) {
      const settings = stage.Properties['MethodSettings'] as Array<Record<string, unknown>>;
      const everyMethod = settings.find(({ HttpMethod, ResourcePath }) => HttpMethod === '*' && ResourcePath === '/*');
      const { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst } = (everyMethod ?? {}) as Record<string, number>;
      expect(rate, service.name).toBeGreaterThan(0);
      expect(burst, service.name).toBeGreaterThanOrEqual(rate!);
    }
  });

  it('lets only the services call its internal routes, signed with their roles', () => {
    const internal = routes(services).filter(({ route }) => route.includes(' /internal/'));

    expect(internal.length).toBeGreaterThan(0);
    for (const { route, authorization } of internal) expect(authorization, route).toBe('AWS_IAM');
  });

  it("verifies customers' tokens against the platform's user pool behind every other route", () => {
    const customerRoutes = routes(services).filter(
      ({ route }) => !route.includes(' /internal/') && !publicRoutes.includes(route),
    );

    expect(customerRoutes.map(({ route }) => route).sort()).toEqual([
      'GET /invoices/{invoiceId}',
      'GET /invoices/{invoiceId}/credit-notes/{creditNoteId}',
      'GET /orders',
      'GET /orders/stalled',
      'GET /orders/{orderId}',
      'PATCH /orders/{orderId}',
      'POST /orders',
      'POST /orders/{orderId}/cancel',
      'POST /orders/{orderId}/returns',
    ]);
    for (const { service, route, function: logicalId } of customerRoutes) {
      const fn = service.template.Resources[logicalId!]!;
      const variables = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
      // From platform's exports, not SSM; the verifier derives the keys' URL from the issuer.
      expect(variables, route).toMatchObject({
        STAGE: 'qa',
        TOKEN_ISSUER: { 'Fn::ImportValue': 'platform-qa-UserPoolIssuer' },
        TOKEN_CLIENT_ID: { 'Fn::ImportValue': 'platform-qa-UserPoolClientId' },
      });
      expect(variables, route).not.toHaveProperty('TOKEN_JWKS_URI');
    }
  });
});
