import { planStage } from '@ecommerce/deploy';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageFolder, packageServices, type PackagedService } from '../templates.js';

let services: PackagedService[];

// pnpm run deploy deploys the carrier sandbox with the services on every stage but prod.
beforeAll(async () => {
  const sandbox = fileURLToPath(new URL('../../../carrier-sandbox/', import.meta.url));
  services = [...(await packageServices('qa')), await packageFolder(sandbox, 'qa')];
}, 180_000);

const plan = () =>
  planStage(
    services.map(({ name, template }) => ({ service: name, template })),
    'qa',
  );

describe('pnpm run deploy, planned from the packaged templates', () => {
  it('deploys platform and the carrier sandbox, then products, orders and the rest, each after the stacks whose exports and parameters it reads', () => {
    expect(plan().waves).toEqual([
      ['carrier-sandbox', 'platform'],
      ['invoice', 'products'],
      ['orders'],
      ['billing', 'email', 'shipment'],
    ]);
    expect(plan().dependsOn['shipment']).toContain('carrier-sandbox');
  });

  it('checks exactly the parameters that docs/deploying.md asks the deployer to set', () => {
    const page = readFileSync(new URL('../../../../docs/deploying.md', import.meta.url), 'utf8');
    const deploying = page.slice(0, page.indexOf('## Customers on AWS'));
    const listed = [...deploying.matchAll(/^\| `(\/ecommerce\/<stage>\/[^`]+)` \|/gm)].map(([, name]) =>
      name!.replace('<stage>', 'qa'),
    );

    expect(plan().deployerParameters).toEqual(listed.sort());
  });
});
