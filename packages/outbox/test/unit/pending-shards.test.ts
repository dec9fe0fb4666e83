import { randomUUID } from 'node:crypto';
import { exampleEvent } from '@ecommerce/shared-events';
import { describe, expect, it } from 'vitest';
import { allPendingShards, outboxEntry, pendingShard, pendingShards } from '../../src/index.js';

describe('the shards of the OutboxPending index', () => {
  it('spread entries so that no shard takes a tenth of them', () => {
    const counts = new Map<string, number>();
    const entries = 32_000;
    for (let i = 0; i < entries; i += 1) {
      const shard = pendingShard(randomUUID());
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }

    expect(counts.size).toBe(pendingShards);
    expect(Math.max(...counts.values()) / entries).toBeLessThan(0.1);
  });

  it('put an entry under the shard of its event, always the same, one that the catch-up reads', () => {
    const event = exampleEvent('ORDER_CREATED', { id: randomUUID() });
    const { Put } = outboxEntry('table', 'ORDER#1', event) as { Put: { Item: Record<string, unknown> } };

    expect(Put.Item['outboxStatus']).toBe(pendingShard(event.id));
    expect(pendingShard(event.id)).toBe(pendingShard(event.id));
    expect(allPendingShards).toContain(Put.Item['outboxStatus']);
  });

  it('are all read by the catch-up, with the one value of the entries written before the index was sharded', () => {
    expect(allPendingShards).toEqual([
      ...Array.from({ length: 16 }, (_, i) => `PENDING#${String(i).padStart(2, '0')}`),
      'PENDING',
    ]);
  });
});
