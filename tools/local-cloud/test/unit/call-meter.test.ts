import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCallMeter } from '../../call-meter.mjs';

const listening = async (): Promise<{ server: Server; port: number }> => {
  const server = createServer((_request, response) => response.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
};

/** A request through node:http, as the AWS SDK sends it. */
const sdkCall = (port: number, target: string) =>
  new Promise<void>((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { 'x-amz-target': target } },
      (response) => {
        response.resume();
        response.on('end', resolve);
      },
    );
    outgoing.on('error', reject);
    outgoing.end('{}');
  });

describe('the call meter of a service process', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('counts DynamoDB calls by operation, other HTTP calls by route, and the requests the service serves', async () => {
    const dynamodb = await listening();
    const products = await listening();
    const api = await listening();
    servers.push(dynamodb.server, products.server, api.server);
    process.env['AWS_ENDPOINT_URL_DYNAMODB'] = `http://127.0.0.1:${dynamodb.port}`;
    const dir = mkdtempSync(join(tmpdir(), 'call-meter-'));
    startCallMeter({ service: 'orders', dir, httpPort: api.port, lambdaPort: 1 });

    await sdkCall(dynamodb.port, 'DynamoDB_20120810.TransactWriteItems');
    await sdkCall(dynamodb.port, 'DynamoDB_20120810.GetItem');
    await sdkCall(dynamodb.port, 'DynamoDB_20120810.GetItem');
    await fetch(`http://127.0.0.1:${products.port}/internal/products/lookup`, { method: 'POST', body: '{}' });
    await fetch(`http://127.0.0.1:${api.port}/orders/0b9d2c3e-1f4a-4b5c-9d8e-7f6a5b4c3d2e`);

    const written = () =>
      JSON.parse(readFileSync(join(dir, 'orders.json'), 'utf8')) as {
        calls: Record<string, number>;
        busyMs: Record<string, number>;
      };
    await expect
      .poll(() => written().calls['api GET /orders/{id}'], {
        timeout: 15_000,
        interval: 100,
        message: 'the meter written with the API request',
      })
      .toBe(1);
    const meter = written();
    expect(meter.calls).toMatchObject({
      'dynamodb TransactWriteItems': 1,
      'dynamodb GetItem': 2,
      [`http :${products.port} POST /internal/products/lookup`]: 1,
      'api GET /orders/{id}': 1,
    });
    expect(meter.busyMs['api GET /orders/{id}']).toBeGreaterThan(0);
  });
});
