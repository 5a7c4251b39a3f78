import { describe, expect, it } from 'vitest';
import type { InstallRequest } from '../../../src/domain/model.js';
import { planRollout, planVersionGroups } from '../../../src/domain/rollout/plan-waves.js';
import type { Rollout } from '../../../src/domain/rollout/rollout-model.js';
import { claimStage, recordWaveStarted } from '../../../src/domain/rollout/rollout-state.js';
import { rolloutInstances } from '../../../src/domain/rollout/rollout-steps.js';
import { runningRequest, trackingWorld } from './tracking-fixtures.js';

const I1 = 'i-bp1aaaaaaaaaa0000001';
const I2 = 'i-bp1aaaaaaaaaa0000002';
const I3 = 'i-bp1aaaaaaaaaa0000003';
const I4 = 'i-bp1aaaaaaaaaa0000004';
const AT = new Date('2025-06-01T10:00:00.000Z');

/** A running request over `ids` whose first stage runs `executions` (one per wave of the stage). */
function rolloutRequest(id: string, ids: string[], plan: Rollout, executions: string[]): InstallRequest {
  let rollout = claimStage(plan, 1);
  rollout.waves
    .filter((w) => w.stage === 1)
    .forEach((w, n) => {
      rollout = recordWaveStarted(
        rollout,
        w.number,
        { executionId: executions[n] as string, status: 'Running' },
        AT,
      );
    });
  // The request asks for what its waves do (an uninstall's result is not read back from OOS).
  const action = plan.waves[0]?.action ?? 'install';
  const base = runningRequest(id, executions[0] as string, ids, { action });
  return {
    ...base,
    rollout,
    execution: {
      ...(base.execution as NonNullable<InstallRequest['execution']>),
      instances: rolloutInstances(rollout, []),
    },
  };
}

describe('ExecutionTracker over a rollout', () => {
  it('polls two waves started together through one ListExecutions, and reports them once, together', async () => {
    const plan = planVersionGroups(
      [
        { packageVersion: 'v1', instanceIds: [I1, I2] },
        { packageVersion: 'v2', instanceIds: [I3] },
      ],
      { clientToken: 'ecs-ext-req-g', action: 'uninstall' },
    );
    const world = trackingWorld();
    await world.store.create(rolloutRequest('req-g', [I1, I2, I3], plan, ['exec-a', 'exec-b']));
    world.oos.addExecution('exec-a', 'cn-hangzhou', [I1, I2]);
    world.oos.addExecution('exec-b', 'cn-hangzhou', [I3]);
    world.tracker.watch('req-g');
    world.oos.setInstances('exec-a', [
      { instanceId: I1, status: 'Success' },
      { instanceId: I2, status: 'Success' },
    ]);
    world.oos.finish('exec-a', 'Success');

    await world.advance();
    const afterFirst = world.oos.callsOf('listExecutions').length;
    world.oos.setInstances('exec-b', [{ instanceId: I3, status: 'Success' }]);
    world.oos.finish('exec-b', 'Success');
    await world.advance();

    const request = await world.store.get('req-g');
    expect(afterFirst).toBe(1);
    expect(world.oos.callsOf('listExecutions')).toHaveLength(2);
    expect(world.notifier.kinds()).toEqual(['progress', 'final_report']);
    expect(request?.status).toBe('succeeded');
    expect(request?.execution?.instances.map((i) => i.status)).toEqual(['Success', 'Success', 'Success']);
  });

  it('claims the next wave in the write that ends the current one, and asks the launcher to start it', async () => {
    const launched: string[] = [];
    const world = trackingWorld({ launchStage: async (id) => void launched.push(id) });
    const plan = planRollout('waves', [I1, I2, I3, I4], 2, {
      clientToken: 'ecs-ext-req-w',
      action: 'install',
    });
    await world.store.create(rolloutRequest('req-w', [I1, I2, I3, I4], plan, ['exec-1']));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1, I2]);
    world.tracker.watch('req-w');
    world.oos.setInstances('exec-1', [
      { instanceId: I1, status: 'Success' },
      { instanceId: I2, status: 'Success' },
    ]);
    world.oos.finish('exec-1', 'Success');

    await world.advance();
    await world.advance();

    const request = await world.store.get('req-w');
    expect(request?.rollout?.waves.map((w) => w.status)).toEqual(['succeeded', 'starting']);
    expect(launched).toEqual(['req-w']);
    expect(world.notifier.kinds()).toEqual([]);
    expect(world.oos.callsOf('listExecutions')).toHaveLength(1);
  });

  it('pauses instead of starting the next wave while a freeze holds', async () => {
    const launched: string[] = [];
    const freeze = { reason: 'migration', until: '2025-06-02T00:00:00.000Z' };
    const world = trackingWorld({
      launchStage: async (id) => void launched.push(id),
      freezeAt: () => freeze,
    });
    const plan = planRollout('waves', [I1, I2], 1, { clientToken: 'ecs-ext-req-f', action: 'install' });
    await world.store.create(rolloutRequest('req-f', [I1, I2], plan, ['exec-1']));
    world.oos.addExecution('exec-1', 'cn-hangzhou', [I1]);
    world.tracker.watch('req-f');
    world.oos.setInstances('exec-1', [{ instanceId: I1, status: 'Success' }]);
    world.oos.finish('exec-1', 'Success');

    await world.advance();
    await world.advance();

    const request = await world.store.get('req-f');
    expect(request?.rollout?.pause).toMatchObject({ reason: 'freeze', afterStage: 1, freeze });
    expect(launched).toEqual([]);
    expect(world.notifier.kinds()).toEqual(['rollout_paused']);
    expect(world.tracker.trackedRequestIds()).toEqual([]);
  });
});
