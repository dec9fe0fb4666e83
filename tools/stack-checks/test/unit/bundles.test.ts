import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageServices, resourcesOfType, type PackagedService } from '../templates.js';

let services: PackagedService[];

beforeAll(async () => {
  services = await packageServices('qa');
}, 180_000);

const KB = 1024;
// Billing's functions carry the payment provider's SDK.
const zipLimit = (service: string) => (service === 'billing' ? 768 * KB : 512 * KB);

const functions = () =>
  services.flatMap((service) =>
    resourcesOfType(service.template, 'AWS::Lambda::Function').map(([logicalId, fn]) => {
      const zipName = basename((fn.Properties['Code'] as { S3Key: string }).S3Key);
      return { service, logicalId, zipName, zip: service.zips[zipName] };
    }),
  );

// Module load time matters as much, but it is measured (pnpm --filter @ecommerce/benchmarks bundles), never asserted.
describe('every function', () => {
  it('is packaged in a zip of its own', () => {
    const all = functions();

    expect(all.length).toBeGreaterThan(10);
    for (const { service, logicalId, zipName, zip } of all) {
      expect(zip, `${service.name}/${logicalId}: ${zipName}`).toBeDefined();
      expect(zipName, `${service.name}/${logicalId}`).not.toBe(`${service.name}.zip`);
    }
    for (const service of services) {
      const zipNames = functions()
        .filter((fn) => fn.service === service)
        .map((fn) => fn.zipName);
      expect(new Set(zipNames).size, service.name).toBe(zipNames.length);
    }
  });

  it('ships its own handler bundle and nothing else', () => {
    for (const { service, logicalId, zip } of functions()) {
      const handler = service.template.Resources[logicalId]!.Properties['Handler'] as string;
      const bundle = `${handler.slice(0, handler.lastIndexOf('.'))}.js`;

      expect(zip!.files, `${service.name}/${logicalId}`).toEqual([bundle]);
    }
  });

  it('has no source map in its zip', () => {
    for (const { service, logicalId, zip } of functions()) {
      expect(
        zip!.files.filter((file) => file.endsWith('.map')),
        `${service.name}/${logicalId}`,
      ).toEqual([]);
    }
  });

  it('has a zip within its size limit (512 KB; billing 768 KB)', () => {
    for (const { service, logicalId, zip } of functions()) {
      expect(zip!.bytes, `${service.name}/${logicalId}`).toBeLessThanOrEqual(zipLimit(service.name));
    }
  });
});
