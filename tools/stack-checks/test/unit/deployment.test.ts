import { planStage } from '@ecommerce/deploy';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, type PackagedService } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

const plan = () =>
  planStage(
    services.map(({ name, template }) => ({ service: name, template })),
    'qa',
  );

describe('pnpm run deploy, planned from the packaged templates', () => {
  it('deploys platform, then products, orders and the rest, each after the stacks whose exports and parameters it reads', () => {
    expect(plan().waves).toEqual([['platform'], ['invoice', 'products'], ['orders'], ['billing', 'email', 'shipment']]);
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
