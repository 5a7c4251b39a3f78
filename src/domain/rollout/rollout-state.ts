/**
 * The rollout's moves, as pure functions of the wave list: claim a stage before its StartExecutions,
 * record a start, a poll and an end, and decide what follows a stage (wait, pause for an approver,
 * start the next stage, or finish). Every move returns a new Rollout; the callers store it with one
 * compare-and-set write, so of two writers racing for the same move only one wins.
 */
import { DomainError } from '../errors.js';
import type { InstanceOutcome } from '../model.js';
import type { PauseReason, Rollout, RolloutWave, WaveStatus } from './rollout-model.js';

/** Wave statuses after which the wave never changes again. */
const ENDED: readonly WaveStatus[] = ['succeeded', 'failed', 'cancelled', 'start_failed', 'skipped'];

/** Wave statuses that count as a failure of the stage (they pause the rollout). */
const FAILED: readonly WaveStatus[] = ['failed', 'cancelled', 'start_failed'];

/** Instance statuses that count as a failure (they pause the rollout after their stage). */
const FAILED_INSTANCE: readonly string[] = ['Failed', 'Cancelled'];

/** True once the wave can no longer change. */
export function waveEnded(wave: Pick<RolloutWave, 'status'>): boolean {
  return ENDED.includes(wave.status);
}

/** How many stages the rollout has ("wave 2 of 5" counts stages). */
export function stageCount(rollout: Rollout): number {
  return rollout.waves.reduce((max, wave) => Math.max(max, wave.stage), 0);
}

/** The latest stage that has left `planned` (0 before the first start). */
export function currentStage(rollout: Rollout): number {
  return rollout.waves
    .filter((wave) => wave.status !== 'planned' && wave.status !== 'skipped')
    .reduce((max, wave) => Math.max(max, wave.stage), 0);
}

/** The waves of one stage, in order. */
export function wavesOfStage(rollout: Rollout, stage: number): RolloutWave[] {
  return rollout.waves.filter((wave) => wave.stage === stage);
}

/** Waves whose execution runs in OOS (to be polled). */
export function runningWaves(rollout: Rollout): RolloutWave[] {
  return rollout.waves.filter((wave) => wave.status === 'running' && wave.executionId !== undefined);
}

/** Waves claimed for StartExecution whose start is not recorded yet. */
export function startingWaves(rollout: Rollout): RolloutWave[] {
  return rollout.waves.filter((wave) => wave.status === 'starting');
}

/** The wave of a request that started `executionId`, if any. */
export function waveOfExecution(rollout: Rollout, executionId: string): RolloutWave | undefined {
  return rollout.waves.find((wave) => wave.executionId === executionId);
}

/** The next stage that has not started, if any (none once stopped). */
export function nextPlannedStage(rollout: Rollout): number | undefined {
  if (rollout.stopped) return undefined;
  const planned = rollout.waves.filter((wave) => wave.status === 'planned').map((wave) => wave.stage);
  return planned.length > 0 ? Math.min(...planned) : undefined;
}

function withWave(rollout: Rollout, number: number, change: (wave: RolloutWave) => RolloutWave): Rollout {
  const index = rollout.waves.findIndex((wave) => wave.number === number);
  if (index < 0) throw new DomainError('illegal_transition', `The rollout has no wave ${number}.`);
  const waves = [...rollout.waves];
  waves[index] = change(waves[index] as RolloutWave);
  return { ...rollout, waves };
}

function illegal(wave: RolloutWave, what: string): never {
  throw new DomainError('illegal_transition', `Wave ${wave.number} is ${wave.status}; cannot ${what}.`);
}

/** Claims every wave of `stage` for StartExecution (planned → starting) and lifts any pause. */
export function claimStage(rollout: Rollout, stage: number): Rollout {
  const waves = rollout.waves.map((wave) => {
    if (wave.stage !== stage) return wave;
    if (wave.status !== 'planned') illegal(wave, 'start');
    return { ...wave, status: 'starting' as const };
  });
  const { pause: _lifted, ...rest } = rollout;
  return { ...rest, waves };
}

/** Records the execution a claimed wave started. */
export function recordWaveStarted(
  rollout: Rollout,
  number: number,
  execution: { executionId: string; status: string },
  at: Date,
): Rollout {
  return withWave(rollout, number, (wave) => {
    if (wave.status !== 'starting') illegal(wave, 'record a start');
    const started: RolloutWave = {
      ...wave,
      status: 'running',
      executionId: execution.executionId,
      executionStatus: execution.status,
      startedAt: at.toISOString(),
    };
    // Once OOS has told, the wave is no longer unconfirmed.
    delete started.unconfirmedAt;
    return started;
  });
}

/** Keeps a claimed wave `starting` after a StartExecution whose outcome OOS did not tell (the first time kept). */
export function recordWaveUnconfirmed(rollout: Rollout, number: number, at: Date): Rollout {
  return withWave(rollout, number, (wave) => {
    if (wave.status !== 'starting') illegal(wave, 'record an unconfirmed start');
    return { ...wave, unconfirmedAt: wave.unconfirmedAt ?? at.toISOString() };
  });
}

/** Records that StartExecution refused a claimed wave. */
export function recordWaveStartFailed(rollout: Rollout, number: number, detail: string, at: Date): Rollout {
  return withWave(rollout, number, (wave) => {
    if (wave.status !== 'starting') illegal(wave, 'record a failed start');
    return { ...wave, status: 'start_failed', detail, endedAt: at.toISOString() };
  });
}

/** Records the OOS status a poll found for a running wave; a terminal status ends the wave. */
export function recordWavePolled(rollout: Rollout, number: number, status: string, at: Date): Rollout {
  return withWave(rollout, number, (wave) => {
    if (wave.status !== 'running') return wave;
    const ended: WaveStatus | undefined =
      status === 'Success'
        ? 'succeeded'
        : status === 'Failed'
          ? 'failed'
          : status === 'Cancelled'
            ? 'cancelled'
            : undefined;
    return ended
      ? { ...wave, status: ended, executionStatus: status, endedAt: at.toISOString() }
      : { ...wave, executionStatus: status };
  });
}

/** Stops the rollout: no later wave starts; waves not yet started are skipped. Running waves go on. */
export function stopRollout(rollout: Rollout, by: string, at: Date): Rollout {
  const { pause: _lifted, ...rest } = rollout;
  return {
    ...rest,
    stopped: { by, at: at.toISOString() },
    waves: rollout.waves.map((wave) => (wave.status === 'planned' ? { ...wave, status: 'skipped' } : wave)),
  };
}

/** Pauses the rollout after `afterStage` until an approver continues or stops it. */
export function pauseRollout(
  rollout: Rollout,
  reason: PauseReason,
  afterStage: number,
  at: Date,
  freeze?: { reason: string; until: string },
): Rollout {
  return { ...rollout, pause: { reason, afterStage, at: at.toISOString(), ...(freeze ? { freeze } : {}) } };
}

/** Lets a paused rollout go on: records who, lifts the pause and claims the next stage. */
export function continueRollout(rollout: Rollout, by: string, at: Date): Rollout {
  const stage = nextPlannedStage(rollout);
  if (!rollout.pause || stage === undefined) {
    throw new DomainError('illegal_transition', 'The rollout is not waiting to go on.');
  }
  const continued = [
    ...(rollout.continued ?? []),
    { by, at: at.toISOString(), afterStage: rollout.pause.afterStage },
  ];
  return claimStage({ ...rollout, continued }, stage);
}

/** True when the waves of `stage` failed, or any of their instances failed or was cancelled. */
export function stageFailed(rollout: Rollout, stage: number, instances: readonly InstanceOutcome[]): boolean {
  const waves = wavesOfStage(rollout, stage);
  if (waves.some((wave) => FAILED.includes(wave.status))) return true;
  const ids = new Set(waves.flatMap((wave) => wave.instanceIds));
  return instances.some((i) => ids.has(i.instanceId) && FAILED_INSTANCE.includes(i.status));
}

/** What follows once nothing more happens in the current stage. */
export type NextMove =
  /** A wave is still starting or running, or an approver has to answer the pause. */
  | { kind: 'wait' }
  | { kind: 'pause'; reason: PauseReason; afterStage: number }
  | { kind: 'start'; stage: number }
  /** Every wave ended or was skipped: the final report is due. */
  | { kind: 'finish' };

/**
 * Decides the next move of a rollout: wait while a wave starts or runs (or a pause holds); finish when
 * no stage is left (or it was stopped); pause after a stage with a failure, after the canary, or when a
 * freeze holds; else start the next stage.
 */
export function nextMove(
  rollout: Rollout,
  instances: readonly InstanceOutcome[],
  freezeActive: boolean,
): NextMove {
  if (rollout.waves.some((wave) => wave.status === 'starting' || wave.status === 'running')) {
    return { kind: 'wait' };
  }
  const next = nextPlannedStage(rollout);
  if (next === undefined) return { kind: 'finish' };
  if (rollout.pause) return { kind: 'wait' };
  const done = currentStage(rollout);
  if (done > 0 && stageFailed(rollout, done, instances)) {
    return { kind: 'pause', reason: 'failure', afterStage: done };
  }
  if (rollout.mode === 'canary' && done === 1) return { kind: 'pause', reason: 'canary', afterStage: done };
  if (freezeActive) return { kind: 'pause', reason: 'freeze', afterStage: done };
  return { kind: 'start', stage: next };
}

/** The OOS status the whole rollout ends with: Failed if any wave failed, Cancelled if one was cancelled or skipped. */
export function rolloutEndStatus(rollout: Rollout): 'Success' | 'Failed' | 'Cancelled' {
  if (rollout.waves.some((wave) => wave.status === 'failed' || wave.status === 'start_failed')) {
    return 'Failed';
  }
  if (rollout.waves.some((wave) => wave.status === 'cancelled' || wave.status === 'skipped')) {
    return 'Cancelled';
  }
  return 'Success';
}
