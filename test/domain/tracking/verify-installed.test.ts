import { describe, expect, it } from 'vitest';
import { canUndo, undoRequest } from '../../../src/domain/lifecycle/undo-request.js';
import type { InstallRequest } from '../../../src/domain/model.js';
import { buildFinalReport } from '../../../src/domain/tracking/report.js';
import { MemoryRequestStore } from '../../fakes/memory-store.js';
import { runningRequest, trackingWorld } from './tracking-fixtures.js';

const NODE = 'ACS-Extension-node-1853370294850618';
const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';
const I3 = 'i-bp1aaaaaaaaaa0000003';

/** Tracks `request` to its final report, OOS recording `recorded` (instance → version) by then. */
async function finishWith(
  request: InstallRequest,
  outcomes: Record<string, string>,
  recorded: Record<string, string>,
): Promise<{ world: ReturnType<typeof trackingWorld>; done: InstallRequest }> {
  const world = trackingWorld();
  await world.store.create(request);
  world.oos.addExecution('exec-1', 'cn-hangzhou', request.instanceIds);
  world.tracker.watch(request.id);
  world.oos.setInstances(
    'exec-1',
    Object.entries(outcomes).map(([instanceId, status]) => ({ instanceId, status })),
  );
  for (const [instanceId, templateVersion] of Object.entries(recorded)) {
    world.oos.packageStates.set(instanceId, [
      { instanceId, templateName: NODE, templateVersion, parameters: {} },
    ]);
  }
  world.oos.finish('exec-1', Object.values(outcomes).includes('Failed') ? 'Failed' : 'Success');
  await world.advance();
  await world.advance();
  const done = await world.store.get(request.id);
  if (!done) throw new Error('request lost');
  return { world, done };
}

describe('verified results', () => {
  it('reads what OOS records on each instance that succeeded, and flags a success without a record', async () => {
    const request = runningRequest('req-1', 'exec-1', [I1, I2, I3], { action: 'install' });

    const { world, done } = await finishWith(
      request,
      { [I1]: 'Success', [I2]: 'Success', [I3]: 'Failed' },
      { [I1]: 'v27' },
    );

    expect(done.status).toBe('failed');
    expect(done.verified).toEqual([
      { instanceId: I1, state: 'recorded', version: 'v27' },
      { instanceId: I2, state: 'missing' },
    ]);
    expect(world.oos.callsOf('listInstancePackageStates').map((c) => c.query.instanceId)).toEqual([I1, I2]);
    const report = buildFinalReport(done);
    expect(report.verified).toEqual(done.verified);
    expect(report.undoable).toBe(true);
    expect(world.notifier.kinds()).toEqual(['final_report']);
  });

  it('marks an instance unread when OOS cannot be asked, and still reports once', async () => {
    const request = runningRequest('req-1', 'exec-1', [I1], { action: 'update' });
    const world = trackingWorld();
    await world.store.create(request);
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-1');
    world.oos.setInstances('exec-1', [{ instanceId: I1, status: 'Success' }]);
    world.oos.finish('exec-1', 'Success');
    world.oos.failures.always('listInstancePackageStates', new Error('down'));

    await world.advance();

    const done = await world.store.get('req-1');
    expect(done?.status).toBe('succeeded');
    expect(done?.verified).toEqual([{ instanceId: I1, state: 'unread' }]);
    expect(world.notifier.kinds()).toEqual(['final_report']);
  });

  it('does not read anything after an uninstall, and offers no undo', async () => {
    const request = runningRequest('req-1', 'exec-1', [I1], { action: 'uninstall' });

    const { world, done } = await finishWith(request, { [I1]: 'Success' }, {});

    expect(done.verified).toBeUndefined();
    expect(world.oos.callsOf('listInstancePackageStates')).toEqual([]);
    expect(canUndo(done)).toBe(false);
    expect(buildFinalReport(done).undoable).toBe(false);
  });
});

describe('undo', () => {
  it('prefills an uninstall of the package from the instances where it succeeded and OOS has it', async () => {
    const request = runningRequest('req-1', 'exec-1', [I1, I2, I3], { action: 'install' });
    const { done } = await finishWith(
      request,
      { [I1]: 'Success', [I2]: 'Success', [I3]: 'Failed' },
      { [I1]: 'v27' },
    );
    const store = new MemoryRequestStore();
    await store.create(done);

    const undo = await undoRequest(store, 'req-1');

    expect(undo).toEqual({
      ok: true,
      channelId: 'C0CHANNEL',
      prefill: {
        action: 'uninstall',
        regionId: 'cn-hangzhou',
        instanceIds: [I1],
        packageName: NODE,
        undoOf: 'req-1',
      },
    });
  });

  it('says why there is nothing to undo', async () => {
    const store = new MemoryRequestStore();
    await store.create(runningRequest('req-2', 'exec-2', [I1]));

    expect(await undoRequest(store, 'req-2')).toEqual({ ok: false, reason: 'nothing_to_undo' });
    expect(await undoRequest(store, 'req-404')).toEqual({ ok: false, reason: 'not_found' });
  });
});
