import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { waitForEndpoint } from '@ecommerce/local-cloud/ports';
import { summarise } from './load.js';

/**
 * `pnpm --filter @ecommerce/benchmarks front`: what the local cloud's API Gateway (its http-front
 * process, in front of every service's HTTP port) adds to a request. A trivial server answers
 * 201 to POST /orders, once straight and once through the front, alternating, one at a time, so
 * both meet the same machine; the first tenth of each is left out as warm-up. Needs no local
 * cloud (ports 39001 and 39002).
 */
const requests = 4_000;
const frontPort = 39_001;
const servicePort = 39_002;
const frontScript = createRequire(import.meta.url).resolve('@ecommerce/local-cloud/http-front');

const service = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const body = JSON.stringify({ orderId: '00000000-0000-4000-8000-000000000000', status: 'CREATED' });
    response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
});
await new Promise<void>((resolve) => service.listen(servicePort, '127.0.0.1', resolve));
const front = spawn(process.execPath, [frontScript, JSON.stringify([{ port: frontPort, internalPort: servicePort }])], {
  stdio: 'inherit',
});
try {
  await waitForEndpoint(`http://127.0.0.1:${frontPort}`, { timeoutMs: 10_000, what: 'the front' });
  const body = JSON.stringify({ note: 'x'.repeat(600) });
  const samples: Record<'straight' | 'through the front', number[]> = { straight: [], 'through the front': [] };
  for (let index = 0; index < requests; index += 1) {
    const way = index % 2 === 0 ? 'straight' : 'through the front';
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${way === 'straight' ? servicePort : frontPort}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await response.text();
    if (index >= requests / 10) samples[way].push(performance.now() - started);
  }
  for (const [way, ms] of Object.entries(samples)) {
    // In hundredths of a millisecond, as summarise rounds to a tenth of its unit.
    const { count, p50, p95, p99 } = summarise(ms.map((sample) => sample * 100));
    const inMs = (hundredths: number) => (hundredths / 100).toFixed(2);
    console.log(`${way.padEnd(18)} ${count} requests: p50 ${inMs(p50)} ms, p95 ${inMs(p95)} ms, p99 ${inMs(p99)} ms`);
  }
} finally {
  front.kill();
  service.close();
}
