import { afterEach, describe, expect, it } from 'vitest';
import type { LeaseStore } from '../../src/domain/ports.js';
import { silentLogger } from '../../src/domain/ports.js';
import { openPgStore } from '../../src/storage/pg/pg-store.js';
import { ProcessLeases } from '../../src/storage/process-leases.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { freshSchemaUrl, pgDatabaseUrl } from './pg-test-db.js';

const closing: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

/** Two replicas' views of one lease table, and a way to let time pass beyond a lease. */
interface LeaseRig {
  a: LeaseStore;
  b: LeaseStore;
  /** Resolves once a lease of `ttlMs` taken before the call has run out. */
  outlive(ttlMs: number, name: string): Promise<void>;
}

function runLeaseContract(name: string, makeRig: () => Promise<LeaseRig>): void {
  describe(`${name} (LeaseStore contract)`, () => {
    it('gives a free lease to the first owner, refuses others while it holds, renews for its owner', async () => {
      const { a, b } = await makeRig();

      const first = await a.acquire('poll:cn-hangzhou', 'replica-a', 60_000);
      const other = await b.acquire('poll:cn-hangzhou', 'replica-b', 60_000);
      const renewed = await a.acquire('poll:cn-hangzhou', 'replica-a', 60_000);
      const elsewhere = await b.acquire('poll:cn-beijing', 'replica-b', 60_000);

      expect([first, other, renewed, elsewhere]).toEqual([true, false, true, true]);
    });

    it('hands a lease its owner stopped renewing to another owner once it runs out', async () => {
      const { a, b, outlive } = await makeRig();
      await a.acquire('poll:cn-hangzhou', 'replica-a', 200);
      const before = await b.acquire('poll:cn-hangzhou', 'replica-b', 200);

      await outlive(200, 'poll:cn-hangzhou');
      const after = await b.acquire('poll:cn-hangzhou', 'replica-b', 60_000);
      const back = await a.acquire('poll:cn-hangzhou', 'replica-a', 60_000);

      expect([before, after, back]).toEqual([false, true, false]);
    });

    it('a released lease can be taken at once; releasing someone else’s changes nothing', async () => {
      const { a, b } = await makeRig();
      await a.acquire('poll:cn-hangzhou', 'replica-a', 60_000);

      await b.release('poll:cn-hangzhou', 'replica-b');
      const stillHeld = await b.acquire('poll:cn-hangzhou', 'replica-b', 60_000);
      await a.release('poll:cn-hangzhou', 'replica-a');
      const taken = await b.acquire('poll:cn-hangzhou', 'replica-b', 60_000);

      expect([stillHeld, taken]).toEqual([false, true]);
    });
  });
}

runLeaseContract('ProcessLeases', async () => {
  const clock = new FakeClock();
  const leases = new ProcessLeases(clock);
  return { a: leases, b: leases, outlive: (ttlMs) => clock.advance(ttlMs + 1) };
});

describe.skipIf(!pgDatabaseUrl)('PostgreSQL leases and deliveries', () => {
  async function twoReplicas() {
    const url = await freshSchemaUrl();
    const [a, b] = await Promise.all([
      openPgStore({ url, logger: silentLogger }),
      openPgStore({ url, logger: silentLogger }),
    ]);
    closing.push(
      () => a.close(),
      () => b.close(),
    );
    return { a, b };
  }

  runLeaseContract('PgLeases', async () => {
    const { a, b } = await twoReplicas();
    return {
      a: a.leases,
      b: b.leases,
      // The database's clock decides; poll until it says the lease is no longer held.
      outlive: async (_ttlMs, name) => {
        while ((await a.leases.holder(name)) !== undefined) await new Promise((r) => setTimeout(r, 25));
      },
    };
  });

  it('of 12 replicas asking for one free lease at once, exactly one gets it', async () => {
    const { a, b } = await twoReplicas();

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).leases.acquire('poll:cn-shanghai', `r${i}`, 60_000),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a Slack delivery is handled once across replicas, however many arrive together', async () => {
    const { a, b } = await twoReplicas();

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).deliveries.firstSeen('event:Ev0123', 60_000)),
    );
    const other = await b.deliveries.firstSeen('event:Ev0456', 60_000);

    expect(results.filter(Boolean)).toHaveLength(1);
    expect(other).toBe(true);
  });

  it('a delivery key is new again after its time, and the sweep forgets expired keys', async () => {
    const { a, b } = await twoReplicas();
    await a.deliveries.firstSeen('view:V1', 100);
    await a.deliveries.firstSeen('view:V2', 60_000);
    const repeat = await b.deliveries.firstSeen('view:V1', 100);

    let again = false;
    while (!again) {
      again = await b.deliveries.firstSeen('view:V1', 1);
      if (!again) await new Promise((r) => setTimeout(r, 25));
    }
    while ((await a.deliveries.sweep()) === 0) await new Promise((r) => setTimeout(r, 25));
    const { rows } = await a.pool.query('SELECT key FROM deliveries ORDER BY key');

    expect(repeat).toBe(false);
    expect(rows).toEqual([{ key: 'view:V2' }]);
  });
});
