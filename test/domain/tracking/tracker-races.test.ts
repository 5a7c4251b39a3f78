/**
 * The tracker's writers race only through the store's compare-and-set: a cancel click against another
 * click or a poll, and two processes polling one execution. Writes are held until every contender is in.
 */
import { describe, expect, it } from 'vitest';
import { settle } from '../../fakes/fake-clock.js';
import { runningRequest, trackingWorld } from './tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';

/** Lets promise chains run until `condition` holds; fails the test if it never does. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let round = 0; round < 100 && !condition(); round += 1) await settle(5);
  if (!condition()) throw new Error('condition never held');
}

/** Holds the store's writes; the returned function lets them through. */
function holdWrites(store: { holdWrites: Promise<void> | undefined }): () => void {
  let release: () => void = () => {};
  store.holdWrites = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    store.holdWrites = undefined;
    release();
  };
}

describe('ExecutionTracker races', () => {
  it('turns two cancel clicks checked at once into one CancelExecution and one reply', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    const release = holdWrites(world.store);

    const clicks = [
      world.tracker.cancel('req-1', 'U0REQUESTER', async () => false),
      world.tracker.cancel('req-1', 'U0APPROVER', async () => true),
    ];
    await waitUntil(() => world.store.heldWrites === 2);
    release();
    const results = await Promise.all(clicks);

    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already_requested' }]);
    expect(world.oos.callsOf('cancelExecution')).toHaveLength(1);
    expect(world.notifier.kinds()).toEqual(['cancel_requested']);
  });

  it('keeps a cancel that lands while a poll is fetching details, and the poll’s progress too', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.oos.setInstances('exec-1', [{ instanceId: I1, status: 'Running' }]);
    world.tracker.watch('req-1');
    const tasks = world.oos.hold('listTaskExecutions');

    const cycle = world.tracker.runCycle();
    await waitUntil(() => tasks.waiting === 1);
    const cancelled = await world.tracker.cancel('req-1', 'U0REQUESTER', async () => false);
    tasks.release();
    await cycle;

    expect(cancelled.ok).toBe(true);
    const stored = await world.store.get('req-1');
    expect(stored?.history.map((h) => h.type)).toContain('cancel_requested');
    expect(stored?.execution?.status).toBe('Running');
    expect(stored?.execution?.instances).toEqual([
      expect.objectContaining({ instanceId: I1, status: 'Running' }),
    ]);
    expect(world.notifier.kinds().sort()).toEqual(['cancel_requested', 'progress']);
  });

  it('posts one final report when two processes see the end of one execution at once', async () => {
    const world = trackingWorld();
    await world.store.create(runningRequest('req-1', 'exec-1', [I1]));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.oos.finish('exec-1', 'Success');
    const other = world.restart();
    world.tracker.watch('req-1');
    other.watch('req-1');
    const release = holdWrites(world.store);

    const cycles = [world.tracker.runCycle(), other.runCycle()];
    await waitUntil(() => world.store.heldWrites === 2);
    release();
    await Promise.all(cycles);

    expect(world.notifier.kinds()).toEqual(['final_report']);
    expect((await world.store.get('req-1'))?.status).toBe('succeeded');
    expect(world.tracker.trackedRequestIds()).toEqual([]);
    expect(other.trackedRequestIds()).toEqual([]);
  });
});
