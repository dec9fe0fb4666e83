import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { arrivalPlan, load, summarise } from '../../src/load.js';

describe('summarise', () => {
  it('gives percentiles by nearest rank: of 1 to 100 ms, p50 is 50, p95 95, p99 99, the largest 100', () => {
    // Prepare
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);

    // Act
    const summary = summarise(samples);

    // Assert
    expect(summary).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('gives the largest as p99 of fewer than 100 samples, and zeros for none', () => {
    // Act / Assert
    expect(summarise([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
    expect(summarise([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('arrivalPlan', () => {
  it('leaves a bunched load to one autocannon instance, as given', () => {
    // Act
    const plan = arrivalPlan({ connections: 5, overallRate: 5, duration: 60 });

    // Assert
    expect(plan).toEqual([{ connections: 5, overallRate: 5, duration: 60, startAfterMs: 0 }]);
  });

  it('spreads a paced rate evenly: one connection per request a second, each starting 1/rate s after the last', () => {
    // Act
    const plan = arrivalPlan({ connections: 5, overallRate: 5, duration: 60, arrivals: 'paced' });

    // Assert
    expect(plan).toEqual(
      [0, 200, 400, 600, 800].map((startAfterMs) => ({ connections: 1, overallRate: 1, duration: 60, startAfterMs })),
    );
  });

  it.each([
    ['no rate', { connections: 5, duration: 60 }],
    ['a rate that is not whole', { connections: 5, overallRate: 2.5, duration: 60 }],
    ['other than one connection per request a second', { connections: 10, overallRate: 5, duration: 60 }],
    ['an amount instead of a duration', { connections: 5, overallRate: 5, amount: 300 }],
  ])('refuses a paced load with %s', (_, shape) => {
    // Act / Assert
    expect(() => arrivalPlan({ ...shape, arrivals: 'paced' })).toThrow(/paced arrivals need/);
  });
});

describe('load', () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('starts each paced connection after its own wait, so that their requests take turns', async () => {
    // Prepare: a server that answers at once and notes each connection it is sent from
    const connections = new Set<Socket>();
    const server = createServer((request, response) => {
      connections.add(request.socket);
      response.end('{}');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const waits: number[] = [];

    // Act: the waits are noted and cut short; the plan says how long each would be
    const result = await load(
      { url, method: 'POST', body: '{}', connections: 5, overallRate: 5, duration: 1, arrivals: 'paced' },
      { sleep: async (ms) => void waits.push(ms) },
    );

    // Assert
    expect(waits).toEqual([0, 200, 400, 600, 800]);
    expect(connections.size).toBe(5);
    expect(result.byStatus['200']).toBeGreaterThanOrEqual(5);
    expect(result.errors).toBe(0);
  });
});
