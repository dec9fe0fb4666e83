// @ts-check
/**
 * The tables named in `custom.retainedTables` (logical ids) hold what the business must keep for
 * years (orders, invoices, payments, shipments), so they outlive their stack:
 *
 * - `DeletionPolicy: Retain`: removing the stack leaves the table (and its data) in the account.
 * - `UpdateReplacePolicy: Retain`: an update that needs a new table (a renamed key, say) keeps the
 *   old one instead of deleting it once the new one exists.
 * - `DeletionProtectionEnabled`: no DeleteTable succeeds, from CloudFormation or anyone else,
 *   until someone turns it off on purpose.
 * - point-in-time recovery: any second of the last 35 days can be restored.
 *
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatereplacepolicy.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 *
 * It edits the service's own `resources` when the framework starts, so `sls package` and the local
 * cloud (which creates tables from the same resources) both see what AWS gets. How to remove a
 * stage on purpose: docs/deploying.md.
 */
export default class DataRetention {
  /** @param {{ service: { custom?: Record<string, any>, resources?: { Resources?: Record<string, any> } } }} serverless */
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { initialize: () => this.apply() };
  }

  apply() {
    const { custom, resources } = this.serverless.service;
    const names = custom?.retainedTables;
    if (!Array.isArray(names) || names.length === 0) {
      throw new Error('custom.retainedTables must list the logical ids of the tables to keep');
    }
    for (const name of names) {
      const table = resources?.Resources?.[name];
      if (table?.Type !== 'AWS::DynamoDB::Table') {
        throw new Error(`custom.retainedTables names ${name}, which is not a table of this service's resources`);
      }
      table.DeletionPolicy = 'Retain';
      table.UpdateReplacePolicy = 'Retain';
      table.Properties = {
        ...table.Properties,
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      };
    }
  }
}
