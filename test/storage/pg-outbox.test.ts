import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore, type PgRequestStore } from '../../src/storage/pg/pg-store.js';
import { runOutboxContract } from './outbox-contract.js';
import { freshSchemaUrl, pgDatabaseUrl } from './pg-test-db.js';

const opened: PgRequestStore[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function open(url: string): Promise<PgRequestStore> {
  const store = await openPgStore({ url, logger: silentLogger });
  opened.push(store);
  return store;
}

describe.skipIf(!pgDatabaseUrl)('PostgreSQL outbox', () => {
  runOutboxContract('PgOutbox', () => {
    const url = freshSchemaUrl();
    return {
      open: async () => (await open(await url)).outbox,
      reopen: async () => (await open(await url)).outbox,
    };
  });

  it('two replicas claiming together never get the same item, and each request stays one at a time', async () => {
    const url = await freshSchemaUrl();
    const [a, b] = await Promise.all([open(url), open(url)]);
    const now = new Date('2025-06-01T10:00:00Z');
    for (let i = 0; i < 40; i += 1) {
      await a.outbox.enqueue(
        { key: `k${i}`, requestId: i < 20 ? `req-${i % 5}` : undefined, kind: 'post', payload: {} },
        now,
      );
    }

    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).outbox.claim(`owner-${i}`, now, 60_000, 10)),
    );

    const keys = rounds.flat().map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
    // 5 request lanes give one head each; the 20 items without a request all go out.
    expect(keys.filter((k) => Number(k.slice(1)) < 20).sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(keys.filter((k) => Number(k.slice(1)) >= 20)).toHaveLength(20);
  });
});
