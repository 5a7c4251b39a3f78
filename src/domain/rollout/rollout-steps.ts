/**
 * The rollout as it shows on the request: the wave list (`request.rollout`) drives, and the request's
 * `execution` is the whole rollout seen as one execution — every instance with its outcome (instances of
 * waves still to come are `Queued`, those a stopped rollout never reached `NotReached`), one status, one
 * final report. These pure steps work out the request after a wave moved and what follows: wait, pause
 * for an approver, claim the next stage (the caller then starts it), or finish with the final report.
 * Callers run them inside the store's compare-and-set update.
 */
import { transition } from '../install/request-state.js';
import type { ExecutionStatus, InstallRequest, InstanceOutcome } from '../model.js';
import { isTerminalStatus } from '../model.js';
import type { RequestEvent } from '../ports.js';
import type { FreezeNote } from './rollout-events.js';
import { NOT_REACHED_STATUS, QUEUED_STATUS, type Rollout, type RolloutWave } from './rollout-model.js';
import {
  claimStage,
  currentStage,
  nextMove,
  pauseRollout,
  rolloutEndStatus,
  runningWaves,
  stopRollout,
} from './rollout-state.js';

/** What a rollout step does: the request to store, what to tell the thread, and whether to start waves. */
export interface RolloutStep {
  next?: InstallRequest;
  /** Thread replies about `next`, in order. */
  events: RequestEvent[];
  /** Waves were claimed (status `starting`): the writer must start them once this is stored. */
  launch?: boolean;
  /** Every wave ended: the request is finished and its final report claimed (`finalReportAt`). */
  finished?: boolean;
}

/**
 * The request's waves: the stored list, or, for a request stored before rollouts existed, its one
 * wave rebuilt from its status and execution.
 */
export function rolloutOf(request: InstallRequest): Rollout {
  if (request.rollout) return request.rollout;
  const execution = request.execution;
  const wave: RolloutWave = {
    number: 1,
    stage: 1,
    instanceIds: [...request.instanceIds],
    action: 'install',
    ...(request.packageVersion ? { packageVersion: request.packageVersion } : {}),
    clientToken: request.clientToken,
    status: execution ? 'running' : request.status === 'starting' ? 'starting' : 'planned',
  };
  if (execution) {
    wave.executionId = execution.executionId;
    wave.executionStatus = execution.status;
    wave.startedAt = execution.startedAt;
  }
  return { mode: 'all', waveSize: 0, waves: [wave] };
}

/**
 * Every instance of the request with its outcome: what the waves reported so far, `Queued` for a wave
 * not started, `NotReached` for a skipped one, `Unknown` for a wave being started.
 */
export function rolloutInstances(rollout: Rollout, previous: readonly InstanceOutcome[]): InstanceOutcome[] {
  const before = new Map(previous.map((i) => [i.instanceId, i]));
  const shown = rollout.waves.flatMap((wave) =>
    wave.instanceIds.map((instanceId): InstanceOutcome => {
      const known = before.get(instanceId);
      if (wave.status === 'planned') return { instanceId, status: QUEUED_STATUS, message: '' };
      if (wave.status === 'skipped') return { instanceId, status: NOT_REACHED_STATUS, message: '' };
      if (!known || known.status === QUEUED_STATUS) return { instanceId, status: 'Unknown', message: '' };
      return known;
    }),
  );
  const ids = new Set(shown.map((i) => i.instanceId));
  // Loop items OOS reported beyond the request's instances are kept after them.
  return [...shown, ...previous.filter((i) => !ids.has(i.instanceId))];
}

/** One status for the whole rollout while it runs: the newest running wave's, else Running. */
export function rolloutRunningStatus(rollout: Rollout): ExecutionStatus {
  const running = runningWaves(rollout);
  const newest = running[running.length - 1];
  return newest?.executionStatus && !isTerminalStatus(newest.executionStatus)
    ? newest.executionStatus
    : 'Running';
}

/** The request with `rollout` stored and its execution's instances and status brought in line. */
function withRollout(
  request: InstallRequest,
  rollout: Rollout,
  at: Date,
  note?: {
    type: 'rollout_paused' | 'rollout_continued' | 'rollout_stopped';
    actor?: string;
    detail?: string;
  },
): InstallRequest {
  const instances = rolloutInstances(rollout, request.execution?.instances ?? []);
  return transition(
    request,
    { type: 'rollout', rollout, instances, status: rolloutRunningStatus(rollout), ...(note ? { note } : {}) },
    at,
  );
}

/**
 * What follows once a wave moved (ended, failed to start, or the rollout was stopped): pause after a
 * failure, the canary or inside a freeze; claim the next stage; finish with the final report; or wait.
 */
export function settle(request: InstallRequest, at: Date, freeze?: FreezeNote): RolloutStep {
  const rollout = rolloutOf(request);
  const instances = request.execution?.instances ?? [];
  const move = nextMove(rollout, instances, freeze !== undefined);
  switch (move.kind) {
    case 'wait':
      return { events: [] };
    case 'pause': {
      const paused = withRollout(
        request,
        pauseRollout(
          rollout,
          move.reason,
          move.afterStage,
          at,
          move.reason === 'freeze' ? freeze : undefined,
        ),
        at,
        { type: 'rollout_paused', detail: move.reason },
      );
      return { next: paused, events: [{ kind: 'rollout_paused' }] };
    }
    case 'start': {
      const claimed = withRollout(request, claimStage(rollout, move.stage), at);
      return { next: claimed, events: [], launch: true };
    }
    case 'finish':
      return finish(request, rollout, at);
  }
}

/**
 * The end of the rollout: the request takes the rollout's end status (a one-wave request its
 * execution's), the instances of skipped waves read "not reached", and the final report is claimed in
 * the same write, so that it is posted once.
 */
function finish(request: InstallRequest, rollout: Rollout, at: Date): RolloutStep {
  const status = rolloutEndStatus(rollout);
  const instances = rolloutInstances(rollout, request.execution?.instances ?? []);
  const finished = transition({ ...request, rollout }, { type: 'finished', status, instances }, at);
  const ended = finished.execution;
  if (!ended) return { events: [] };
  const endedAt = lastEnd(rollout) ?? ended.endedAt ?? at.toISOString();
  const claimed = transition({ ...finished, execution: { ...ended, endedAt } }, { type: 'final_report' }, at);
  return { next: claimed, events: [{ kind: 'final_report' }], finished: true };
}

function lastEnd(rollout: Rollout): string | undefined {
  const ends = rollout.waves.flatMap((wave) => (wave.endedAt ? [wave.endedAt] : []));
  return ends.length > 0 ? ends.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)) : undefined;
}

/** The request once `by` stopped its rollout: no later wave starts; settled at once when none runs. */
export function stopStep(request: InstallRequest, by: string, at: Date): RolloutStep {
  const stopped = withRollout(request, stopRollout(rolloutOf(request), by, at), at, {
    type: 'rollout_stopped',
    actor: by,
  });
  const after = settle(stopped, at);
  return {
    ...after,
    next: after.next ?? stopped,
    events: [{ kind: 'rollout_stopped', by }, ...after.events],
  };
}

/** The stage a paused rollout stopped after (for the thread), or the current one. */
export function pausedStage(request: InstallRequest): number {
  const rollout = rolloutOf(request);
  return rollout.pause?.afterStage ?? currentStage(rollout);
}
