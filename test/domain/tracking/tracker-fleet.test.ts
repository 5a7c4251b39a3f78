import { describe, expect, it } from 'vitest';
import { BULK_INSTALL_TEMPLATE } from '../../../src/domain/model.js';
import { silentLogger } from '../../../src/domain/ports.js';
import { LEASE_INTERVALS } from '../../../src/domain/tracking/region-leases.js';
import { ExecutionTracker } from '../../../src/domain/tracking/tracker.js';
import { ProcessLeases } from '../../../src/storage/process-leases.js';
import { FakeClock } from '../../fakes/fake-clock.js';
import { FakeNotifier } from '../../fakes/fake-notifier.js';
import { FakeOos } from '../../fakes/fake-oos.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { INTERVAL_MS, runningRequest, TIMEOUT_MS } from './tracking-fixtures.js';

const REGIONS = ['cn-hangzhou', 'cn-beijing', 'cn-shanghai'];
const I1 = 'i-bp1fleet0000000000001';

/**
 * Two replicas sharing one store, one cloud and one lease table. Each replica has its own clock, so a
 * dead replica's clock stops; the lease table judges by the database's clock, which keeps going.
 */
function fleet() {
  const store = new MemoryRequestStore();
  const oos = new FakeOos();
  const notifier = new FakeNotifier();
  const start = '2025-06-01T10:00:00Z';
  const clocks = { a: new FakeClock(start), b: new FakeClock(start), db: new FakeClock(start) };
  const leases = new ProcessLeases(clocks.db);
  const make = (name: 'a' | 'b') =>
    new ExecutionTracker({
      oos,
      store,
      notifier,
      clock: clocks[name],
      logger: silentLogger,
      intervalMs: INTERVAL_MS,
      timeoutMs: TIMEOUT_MS,
      templateName: BULK_INSTALL_TEMPLATE,
      fleet: { leases, owner: `replica-${name}` },
    });
  const a = make('a');
  const b = make('b');
  /** One poll interval passes; the replicas named run their cycle, in that order. */
  const interval = async (...alive: Array<'a' | 'b'>) => {
    await clocks.db.advance(INTERVAL_MS);
    for (const name of alive) {
      await clocks[name].advance(INTERVAL_MS);
      await (name === 'a' ? a : b).idle();
    }
  };
  return { store, oos, notifier, clocks, a, b, interval };
}

/** Seeds `perRegion` running executions in each region. */
async function seed(world: ReturnType<typeof fleet>, perRegion: number): Promise<string[]> {
  const ids: string[] = [];
  for (const regionId of REGIONS) {
    for (let i = 0; i < perRegion; i += 1) {
      const id = `req-${regionId}-${i}`;
      await world.store.create(runningRequest(id, `exec-${regionId}-${i}`, [I1], { regionId }));
      world.oos.addExecution(`exec-${regionId}-${i}`, regionId, [I1]);
      ids.push(id);
    }
  }
  return ids;
}

function listCallsByRegion(oos: FakeOos): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const query of oos.listCalls) counts[query.regionId] = (counts[query.regionId] ?? 0) + 1;
  return counts;
}

describe('execution tracking with several replicas (fleet mode)', () => {
  it('the fleet makes one ListExecutions chain per region and cycle, whichever replica makes it', async () => {
    const world = fleet();
    await seed(world, 4);
    await Promise.all([world.a.resume(), world.b.resume()]);

    for (let cycle = 0; cycle < 3; cycle += 1) await world.interval('a', 'b');

    expect(listCallsByRegion(world.oos)).toEqual({ 'cn-hangzhou': 3, 'cn-beijing': 3, 'cn-shanghai': 3 });
    expect(world.b.cycleStats()?.listExecutionsCalls).toBe(0);
  });

  it('a replica that stops renewing (killed) hands its regions over after LEASE_INTERVALS intervals; one report', async () => {
    const world = fleet();
    await seed(world, 1);
    await Promise.all([world.a.resume(), world.b.resume()]);
    await world.interval('a', 'b'); // a takes every region's lease, then dies: its clock stops
    const polledByA = world.oos.listCalls.length;
    for (const regionId of REGIONS) world.oos.finish(`exec-${regionId}-0`, 'Success');

    const bCycles: number[] = [];
    for (let i = 0; i < LEASE_INTERVALS + 1; i += 1) {
      await world.interval('b');
      bCycles.push(world.b.cycleStats()?.listExecutionsCalls ?? -1);
    }

    expect(polledByA).toBe(3);
    // Held by the dead replica for LEASE_INTERVALS intervals after its last renewal, then b polls.
    expect(bCycles).toEqual([0, 3, 0]);
    expect(world.b.cycleStats()?.tracked).toBe(0);
    expect(world.notifier.kinds().filter((k) => k === 'final_report')).toHaveLength(3);
    expect((await world.store.list({ statuses: ['succeeded'] })).map((r) => r.id).sort()).toHaveLength(3);
  });

  it('follows executions another replica started, and hands over at once on a graceful stop', async () => {
    const world = fleet();
    await Promise.all([world.a.resume(), world.b.resume()]);
    await world.store.create(runningRequest('req-late', 'exec-late', [I1], { regionId: 'cn-beijing' }));
    world.oos.addExecution('exec-late', 'cn-beijing', [I1]);
    world.a.watch('req-late'); // a started it; b only learns of it from the store
    await world.interval('a', 'b');
    const whileAlive = listCallsByRegion(world.oos);

    await world.a.stop();
    world.oos.finish('exec-late', 'Success');
    await world.interval('b');
    await world.interval('b');

    expect(whileAlive).toEqual({ 'cn-beijing': 1 });
    expect(listCallsByRegion(world.oos)).toEqual({ 'cn-beijing': 2 });
    expect(world.b.trackedRequestIds()).toEqual([]);
    expect(world.notifier.kinds().filter((k) => k === 'final_report')).toHaveLength(1);
    expect((await world.store.get('req-late'))?.status).toBe('succeeded');
  });
});
