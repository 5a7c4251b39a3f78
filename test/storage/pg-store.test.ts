import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError } from '../../src/domain/errors.js';
import { silentLogger } from '../../src/domain/ports.js';
import { MIGRATIONS, migrate } from '../../src/storage/pg/migrations.js';
import { openPgStore } from '../../src/storage/pg/pg-store.js';
import { makeRequest } from '../fakes/requests.js';
import { freshSchemaUrl, pgDatabaseUrl } from './pg-test-db.js';
import { runStoreContract } from './store-contract.js';
import { startTcpProxy } from './tcp-proxy.js';

const opened: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
});

/** Polls `condition` every 20 ms until true (the test timeout bounds the wait). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 20));
}

async function open(url: string, extra: { retentionDays?: number; now?: () => Date } = {}) {
  const store = await openPgStore({ url, logger: silentLogger, ...extra });
  opened.push(store);
  return store;
}

describe.skipIf(!pgDatabaseUrl)('PostgreSQL store', () => {
  runStoreContract('PgRequestStore', () => {
    // One schema per factory: open() starts it empty, reopen() is a restart on the same data.
    const url = freshSchemaUrl();
    return {
      open: async () => open(await url),
      reopen: async () => open(await url),
    };
  });

  describe('migrations', () => {
    it('two replicas starting together on an empty database migrate once, and both open', async () => {
      const url = await freshSchemaUrl();

      const [a, b] = await Promise.all([open(url), open(url)]);

      const { rows } = await a.pool.query<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await b.create(makeRequest({ id: 'req-bothopen' }));
      expect((await a.get('req-bothopen'))?.version).toBe(1);
    });

    it('creates the tables later steps use: leases, outbox, deliveries', async () => {
      const store = await open(await freshSchemaUrl());

      const { rows } = await store.pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
      );

      expect(rows.map((r) => r.table_name)).toEqual([
        'deliveries',
        'leases',
        'outbox',
        'requests',
        'schema_migrations',
      ]);
    });

    it('refuses a database migrated by a newer build and leaves it as it was', async () => {
      const store = await open(await freshSchemaUrl());
      await store.pool.query(`INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`);
      const client = await store.pool.connect();

      const migrating = migrate(client);

      await expect(migrating).rejects.toThrow(/version 999, newer than this build knows/);
      client.release();
      const { rows } = await store.pool.query('SELECT version FROM schema_migrations ORDER BY 1');
      expect(rows).toHaveLength(MIGRATIONS.length + 1);
    });
  });

  describe('compare-and-set across processes', () => {
    it('of two replicas writing the same version, exactly one wins; the other gets conflict', async () => {
      const url = await freshSchemaUrl();
      const [a, b] = await Promise.all([open(url), open(url)]);
      const created = await a.create(makeRequest({ id: 'req-casrace0' }));

      const results = await Promise.allSettled([
        a.put({ ...created, approvals: [{ userId: 'U0AAA', at: created.createdAt }] }),
        b.put({ ...created, approvals: [{ userId: 'U0BBB', at: created.createdAt }] }),
      ]);

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isStoreError((lost[0] as PromiseRejectedResult).reason, 'conflict')).toBe(true);
      expect((await a.get('req-casrace0'))?.version).toBe(2);
    });

    it('update() from 12 clients on two pools keeps every change', async () => {
      const url = await freshSchemaUrl();
      const [a, b] = await Promise.all([open(url), open(url)]);
      await a.create(makeRequest({ id: 'req-casmany0' }));

      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).update('req-casmany0', (current) => ({
            ...current,
            approvals: [...current.approvals, { userId: `U0APPROVER${i}`, at: current.createdAt }],
          })),
        ),
      );

      const stored = await a.get('req-casmany0');
      expect(stored?.approvals.map((x) => x.userId).sort()).toEqual(
        Array.from({ length: 12 }, (_, i) => `U0APPROVER${i}`).sort(),
      );
      expect(stored?.version).toBe(13);
    });
  });

  describe('launch lock', () => {
    it('holds a key across pools until fn ends; other keys are not held up', async () => {
      const url = await freshSchemaUrl();
      const [a, b] = await Promise.all([open(url), open(url)]);
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let entered!: () => void;
      const inside = new Promise<void>((r) => {
        entered = r;
      });

      const first = a.lock.withLock('cn-hangzhou/pkg', async () => {
        order.push('a in');
        entered();
        await gate;
        order.push('a out');
      });
      await inside;
      const second = b.lock.withLock('cn-hangzhou/pkg', async () => {
        order.push('b in');
      });
      const other = await b.lock.withLock('cn-beijing/pkg', async () => 'other ran');
      // b's same-key call is in once the server shows its advisory lock waiting.
      await until(async () => {
        const { rowCount } = await a.pool.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        return rowCount === 1;
      });
      const whileHeld = [...order];
      release();
      await Promise.all([first, second]);

      expect(other).toBe('other ran');
      expect(whileHeld).toEqual(['a in']);
      expect(order).toEqual(['a in', 'a out', 'b in']);
    });

    it('releases the lock when fn throws, and passes the error on', async () => {
      const url = await freshSchemaUrl();
      const store = await open(url);

      const failing = store.lock.withLock('k', async () => {
        throw new Error('launch failed');
      });

      await expect(failing).rejects.toThrow('launch failed');
      await expect(store.lock.withLock('k', async () => 'again')).resolves.toBe('again');
    });
  });

  describe('outages and retention', () => {
    it('turns unhealthy with StoreError unavailable while the server is cut off, healthy when back', async () => {
      const proxy = await startTcpProxy(await freshSchemaUrl());
      const store = await open(proxy.url);
      const stored = await store.create(makeRequest({ id: 'req-outage00' }));

      proxy.down();
      const writing = store.put({ ...stored, status: 'rejected' });
      await expect(writing).rejects.toSatisfy((e) => isStoreError(e, 'unavailable'));
      const healthDuringOutage = store.healthy();
      proxy.up();
      const after = await store.get('req-outage00');
      await store.close();
      await proxy.close();

      expect(healthDuringOutage).toBe(false);
      expect(after?.status).toBe('pending');
      expect(after?.version).toBe(1);
      expect(store.healthy()).toBe(true);
    });

    it('prunes finished requests older than the retention window, keeps the rest', async () => {
      const url = await freshSchemaUrl();
      const seed = await open(url);
      const old = '2025-01-01T00:00:00.000Z';
      const recent = '2025-06-01T00:00:00.000Z';
      await seed.create(makeRequest({ id: 'req-oldfin00', status: 'succeeded', updatedAt: old }));
      await seed.create(makeRequest({ id: 'req-oldpend0', status: 'pending', updatedAt: old }));
      await seed.create(makeRequest({ id: 'req-newfin00', status: 'failed', updatedAt: recent }));

      const store = await open(url, { retentionDays: 30, now: () => new Date('2025-06-10T00:00:00Z') });

      expect((await store.list()).map((r) => r.id).sort()).toEqual(['req-newfin00', 'req-oldpend0']);
      expect(await store.prune()).toBe(0);
    });

    it('stores text holding U+0000, which jsonb itself cannot hold', async () => {
      const store = await open(await freshSchemaUrl());

      await store.create(makeRequest({ id: 'req-nulchar0', packageDisplayName: 'a\u0000b' }));

      expect((await store.get('req-nulchar0'))?.packageDisplayName).toBe('a\uFFFDb');
    });
  });
});
