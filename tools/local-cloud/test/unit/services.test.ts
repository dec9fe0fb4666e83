import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allPorts, discoverServices, internalHttpPort, readOfflineService } from '../../src/services.js';

const serviceWith = (yaml: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'local-cloud-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'serverless.yml'), yaml);
  return dir;
};

describe('readOfflineService', () => {
  it("reads a subscriber's ports from its own serverless.yml", () => {
    const dir = serviceWith(`
service: invoice
functions:
  createInvoice: { handler: h.main, events: [{ sns: { arn: x } }] }
  getInvoice: { handler: h.get, events: [{ http: { method: get, path: '/invoices/{id}' } }] }
custom:
  serverless-offline: { httpPort: 3002, lambdaPort: 3102 }
  localCloud: { subscriberPort: 4102 }
`);

    expect(readOfflineService(dir)).toEqual({
      name: 'invoice',
      dir,
      ports: { http: 3002, lambda: 3102, sns: 4102 },
      isSnsHub: false,
    });
  });

  it('recognises the service that hosts the SNS hub', () => {
    const dir = serviceWith(`
service: platform
custom:
  serverless-offline-sns: { port: 4002 }
`);

    expect(readOfflineService(dir)).toMatchObject({ isSnsHub: true, ports: { sns: 4002 } });
  });

  it('refuses a port that is not a plain number, naming the key', () => {
    const dir = serviceWith(`
service: orders
functions:
  createOrder: { handler: h.main, events: [{ http: { method: post, path: /orders } }] }
custom:
  serverless-offline: { httpPort: '\${env:PORT}', lambdaPort: 3100 }
`);

    expect(() => readOfflineService(dir)).toThrow('custom.serverless-offline.httpPort must be a plain port number');
  });

  it('refuses a service with functions but no lambdaPort, whose default would collide', () => {
    const dir = serviceWith(`
service: email
functions:
  sendEmail: { handler: h.main, events: [{ sns: { arn: x } }] }
custom:
  localCloud: { subscriberPort: 4105 }
`);

    expect(() => readOfflineService(dir)).toThrow('needs custom.serverless-offline.lambdaPort');
  });
});

describe('the services of this repository', () => {
  const services = discoverServices();

  it('have exactly one SNS hub', () => {
    expect(services.filter((service) => service.isSnsHub).map((service) => service.name)).toEqual(['platform']);
  });

  it('never share a port, the ones their HTTP APIs listen on behind the gateway included', () => {
    const ports = [...services.flatMap(allPorts), ...services.flatMap((service) => internalHttpPort(service) ?? [])];

    expect(new Set(ports).size).toBe(ports.length);
  });
});
