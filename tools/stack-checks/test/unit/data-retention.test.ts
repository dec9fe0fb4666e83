import { retainedTables } from '@ecommerce/deploy';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, type PackagedService, type Resource } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

/** The services whose tables hold records the business must keep for years. */
const keepers: Record<string, string> = {
  orders: 'orders',
  invoice: 'invoices and credit notes',
  billing: 'payments',
  shipment: 'shipments',
};

const tables = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::DynamoDB::Table').map(([logicalId, table]) => ({
      at: `${service.name}:${logicalId}`,
      service: service.name,
      table: table as Resource & { DeletionPolicy?: unknown; UpdateReplacePolicy?: unknown },
    })),
  );

describe('tables that hold business data outlive their stack', () => {
  it.each(Object.entries(keepers))(
    'every table of %s (%s) is retained on removal and replacement, protected from deletion, and recoverable to any second',
    (name) => {
      const own = tables().filter(({ service }) => service === name);

      expect(own.length).toBeGreaterThan(0);
      for (const { at, table } of own) {
        expect({
          at,
          DeletionPolicy: table.DeletionPolicy,
          UpdateReplacePolicy: table.UpdateReplacePolicy,
          DeletionProtectionEnabled: table.Properties['DeletionProtectionEnabled'],
          PointInTimeRecoverySpecification: table.Properties['PointInTimeRecoverySpecification'],
        }).toEqual({
          at,
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          DeletionProtectionEnabled: true,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        });
      }
    },
  );

  it("the other tables go with their stack: e-mail's record of the mails it sent (kept 90 days) and the products catalogue", () => {
    expect(
      tables()
        .filter(({ table }) => table.DeletionPolicy !== 'Retain')
        .map(({ at }) => at)
        .sort(),
    ).toEqual(['email:EmailsTable', 'products:ProductsTable']);
  });

  it('pnpm run deploy --remove and --adopt-tables find exactly these tables, by the names CloudFormation gives them', () => {
    const found = retainedTables(
      services.map(({ name, template }) => ({
        service: name,
        stackName: `${name}-qa`,
        template,
        coreTemplate: { Resources: {} },
        seeds: [],
      })),
    );

    expect(found.map(({ service, logicalId, tableName }) => `${service}:${logicalId}=${tableName}`).sort()).toEqual([
      'billing:PaymentsTable=billing-qa',
      'invoice:InvoicesTable=invoice-qa',
      'orders:OrdersTable=orders-qa',
      'shipment:ShipmentsTable=shipment-qa',
    ]);
  });
});
