import { describe, expect, it } from 'vitest';
import type { InstanceOutcome } from '../../../src/domain/model.js';
import { planRollout, planVersionGroups } from '../../../src/domain/rollout/plan-waves.js';
import type { Rollout } from '../../../src/domain/rollout/rollout-model.js';
import {
  claimStage,
  continueRollout,
  currentStage,
  nextMove,
  recordWavePolled,
  recordWaveStarted,
  recordWaveStartFailed,
  recordWaveUnconfirmed,
  rolloutEndStatus,
  runningWaves,
  stageCount,
  stopRollout,
} from '../../../src/domain/rollout/rollout-state.js';

const AT = new Date('2026-06-01T08:00:00Z');
const defaults = { clientToken: 'ecs-ext-req-s', action: 'install' as const };
const ids = ['i-bp1state00000001', 'i-bp1state00000002', 'i-bp1state00000003', 'i-bp1state00000004'];
const outcome = (instanceId: string, status: string): InstanceOutcome => ({
  instanceId,
  status,
  message: '',
});

/** Claims and starts stage `stage`, then ends its waves with `status`. */
function runStage(rollout: Rollout, stage: number, status = 'Success'): Rollout {
  let next = claimStage(rollout, stage);
  for (const wave of next.waves.filter((w) => w.stage === stage)) {
    next = recordWaveStarted(
      next,
      wave.number,
      { executionId: `exec-${wave.number}`, status: 'Running' },
      AT,
    );
    next = recordWavePolled(next, wave.number, status, AT);
  }
  return next;
}

describe('rollout moves', () => {
  it('claims a stage before starting it and records the execution', () => {
    const planned = planRollout('waves', ids, 2, defaults);

    const claimed = claimStage(planned, 1);
    const started = recordWaveStarted(claimed, 1, { executionId: 'exec-a', status: 'Running' }, AT);

    expect(claimed.waves.map((w) => w.status)).toEqual(['starting', 'planned']);
    expect(started.waves[0]).toMatchObject({ status: 'running', executionId: 'exec-a' });
    expect(runningWaves(started).map((w) => w.number)).toEqual([1]);
    expect(currentStage(started)).toBe(1);
    expect(stageCount(started)).toBe(2);
  });

  it('refuses to claim a stage twice or to record a start twice', () => {
    const claimed = claimStage(planRollout('all', ids, 0, defaults), 1);
    const started = recordWaveStarted(claimed, 1, { executionId: 'exec-a', status: 'Running' }, AT);

    expect(() => claimStage(claimed, 1)).toThrow(/cannot start/);
    expect(() => recordWaveStarted(started, 1, { executionId: 'exec-b', status: 'Running' }, AT)).toThrow(
      /cannot record a start/,
    );
  });

  it('waits while a wave runs, then starts the next stage when nothing failed', () => {
    const planned = planRollout('waves', ids, 2, defaults);
    const running = recordWaveStarted(
      claimStage(planned, 1),
      1,
      { executionId: 'exec-a', status: 'Running' },
      AT,
    );

    expect(nextMove(running, [], false)).toEqual({ kind: 'wait' });
    expect(nextMove(runStage(planned, 1), [], false)).toEqual({ kind: 'start', stage: 2 });
  });

  it('pauses after the canary even when it succeeded', () => {
    const done = runStage(planRollout('canary', ids, 0, defaults), 1);

    expect(nextMove(done, [outcome(ids[0] as string, 'Success')], false)).toEqual({
      kind: 'pause',
      reason: 'canary',
      afterStage: 1,
    });
  });

  it('pauses after a stage in which an instance failed, though the execution succeeded', () => {
    const done = runStage(planRollout('waves', ids, 2, defaults), 1);

    const move = nextMove(done, [outcome(ids[1] as string, 'Failed')], false);

    expect(move).toEqual({ kind: 'pause', reason: 'failure', afterStage: 1 });
  });

  it('a failure in an earlier stage does not pause a later one again', () => {
    const instances = [outcome(ids[0] as string, 'Failed')];
    let rollout = runStage(planRollout('waves', ids.slice(0, 3), 1, defaults), 1);
    rollout = { ...rollout, pause: { reason: 'failure', afterStage: 1, at: AT.toISOString() } };
    rollout = continueRollout(rollout, 'U0APPROVER', AT);
    rollout = recordWaveStarted(rollout, 2, { executionId: 'exec-2', status: 'Running' }, AT);
    rollout = recordWavePolled(rollout, 2, 'Success', AT);

    expect(nextMove(rollout, instances, false)).toEqual({ kind: 'start', stage: 3 });
    expect(rollout.continued).toEqual([{ by: 'U0APPROVER', at: AT.toISOString(), afterStage: 1 }]);
  });

  it('pauses for a freeze instead of starting the next stage', () => {
    const done = runStage(planRollout('waves', ids, 2, defaults), 1);

    expect(nextMove(done, [], true)).toEqual({ kind: 'pause', reason: 'freeze', afterStage: 1 });
  });

  it('a start failure pauses the rollout like a failed wave', () => {
    const planned = planRollout('waves', ids, 2, defaults);
    const failed = recordWaveStartFailed(claimStage(planned, 1), 1, 'refused', AT);

    expect(nextMove(failed, [], false)).toEqual({ kind: 'pause', reason: 'failure', afterStage: 1 });
  });

  it('an unconfirmed start keeps the wave starting (the stage waits) until OOS tells', () => {
    const claimed = claimStage(planRollout('waves', ids, 2, defaults), 1);
    const later = new Date(AT.getTime() + 5_000);
    const unconfirmed = recordWaveUnconfirmed(recordWaveUnconfirmed(claimed, 1, AT), 1, later);
    const started = recordWaveStarted(unconfirmed, 1, { executionId: 'exec-u1', status: 'Running' }, later);

    expect(unconfirmed.waves[0]).toMatchObject({ status: 'starting', unconfirmedAt: AT.toISOString() });
    expect(nextMove(unconfirmed, [], false)).toEqual({ kind: 'wait' });
    expect(started.waves[0]?.status).toBe('running');
    expect(started.waves[0]?.unconfirmedAt).toBeUndefined();
    expect(() => recordWaveUnconfirmed(started, 1, later)).toThrow(/running/);
  });

  it('waits while paused; continuing claims the next stage and lifts the pause', () => {
    const done = runStage(planRollout('canary', ids, 0, defaults), 1);
    const paused = { ...done, pause: { reason: 'canary' as const, afterStage: 1, at: AT.toISOString() } };

    const continued = continueRollout(paused, 'U0APPROVER', AT);

    expect(nextMove(paused, [], false)).toEqual({ kind: 'wait' });
    expect(continued.pause).toBeUndefined();
    expect(continued.waves.map((w) => w.status)).toEqual(['succeeded', 'starting']);
  });

  it('refuses to continue a rollout that is not paused', () => {
    const done = runStage(planRollout('waves', ids, 2, defaults), 1);

    expect(() => continueRollout(done, 'U0APPROVER', AT)).toThrow(/not waiting/);
  });

  it('stopping skips every wave not started and finishes once the running ones end', () => {
    const planned = planRollout('waves', ids, 1, defaults);
    const running = recordWaveStarted(
      claimStage(runStage(planned, 1), 2),
      2,
      { executionId: 'exec-2', status: 'Running' },
      AT,
    );

    const stopped = stopRollout(running, 'U0APPROVER', AT);
    const ended = recordWavePolled(stopped, 2, 'Success', AT);

    expect(stopped.waves.map((w) => w.status)).toEqual(['succeeded', 'running', 'skipped', 'skipped']);
    expect(nextMove(stopped, [], false)).toEqual({ kind: 'wait' });
    expect(nextMove(ended, [], false)).toEqual({ kind: 'finish' });
    expect(rolloutEndStatus(ended)).toBe('Cancelled');
  });

  it('ends Success when every wave succeeded, Failed when one failed', () => {
    const planned = planRollout('waves', ids, 2, defaults);
    const allDone = runStage(runStage(planned, 1), 2);
    const oneFailed = runStage(runStage(planned, 1), 2, 'Failed');

    expect(nextMove(allDone, [], false)).toEqual({ kind: 'finish' });
    expect(rolloutEndStatus(allDone)).toBe('Success');
    expect(rolloutEndStatus(oneFailed)).toBe('Failed');
  });

  it('version groups start together and finish together, without a pause', () => {
    const groups = planVersionGroups(
      [
        { packageVersion: 'v1', instanceIds: ids.slice(0, 2) },
        { packageVersion: 'v2', instanceIds: ids.slice(2) },
      ],
      { clientToken: 'ecs-ext-req-u', action: 'uninstall' },
    );

    const claimed = claimStage(groups, 1);
    const oneEnded = recordWavePolled(
      recordWaveStarted(
        recordWaveStarted(claimed, 1, { executionId: 'e1', status: 'Running' }, AT),
        2,
        { executionId: 'e2', status: 'Running' },
        AT,
      ),
      1,
      'Success',
      AT,
    );
    const bothEnded = recordWavePolled(oneEnded, 2, 'Success', AT);

    expect(claimed.waves.map((w) => w.status)).toEqual(['starting', 'starting']);
    expect(nextMove(oneEnded, [], false)).toEqual({ kind: 'wait' });
    expect(nextMove(bothEnded, [], false)).toEqual({ kind: 'finish' });
    expect(stageCount(groups)).toBe(1);
  });
});
