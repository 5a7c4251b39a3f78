/**
 * What one poll or click does to a tracked request, as pure functions of the stored request: the
 * tracker runs them inside the store's compare-and-set update, so a step that lost a race is simply
 * worked out again on what won. A request of one wave follows its execution as it always did; a
 * rollout of several waves follows each wave's execution and, when one ends, settles what comes next
 * (rollout-steps.ts).
 */
import { transition } from '../install/request-state.js';
import {
  type Execution,
  type InstallRequest,
  type InstanceOutcome,
  isTerminalStatus,
  type TaskExecution,
} from '../model.js';
import type { RequestEvent } from '../ports.js';
import type { FreezeNote } from '../rollout/rollout-events.js';
import type { Rollout } from '../rollout/rollout-model.js';
import { recordWavePolled, runningWaves } from '../rollout/rollout-state.js';
import { rolloutInstances, rolloutOf, rolloutRunningStatus, settle } from '../rollout/rollout-steps.js';
import { withoutCredentials } from './credentials.js';
import { buildInstanceOutcomes } from './outcomes.js';
import { progressKey } from './progress.js';

/** What one poll does to a request: the next state to store, and what to tell its thread. */
export interface TrackingStep {
  next?: InstallRequest;
  tell?: { request: InstallRequest; event: RequestEvent };
  /** The next stage was claimed in this write: its waves must be started once it is stored. */
  launch?: boolean;
}

/** True for a rollout of more than one wave (one wave follows the single-execution path). */
export function isMultiWave(request: InstallRequest): boolean {
  return (request.rollout?.waves.length ?? 1) > 1;
}

/** The executions to poll for a request: one per running wave, with the wave's number. */
export function runningExecutions(request: InstallRequest): Array<{ wave: number; executionId: string }> {
  if (!isMultiWave(request)) {
    const id = request.execution?.executionId;
    return id ? [{ wave: 1, executionId: id }] : [];
  }
  return runningWaves(rolloutOf(request)).map((w) => ({ wave: w.number, executionId: w.executionId ?? '' }));
}

/** When the request's current waves started (for the poll timeout); undefined while none runs. */
export function runningSince(request: InstallRequest): number | undefined {
  if (!isMultiWave(request)) return request.execution ? Date.parse(request.execution.startedAt) : undefined;
  const starts = runningWaves(rolloutOf(request)).map((w) => Date.parse(w.startedAt ?? ''));
  return starts.length > 0 ? Math.max(...starts) : undefined;
}

/** A running request with an execution whose final report has not been posted. */
export function isTrackable(request: InstallRequest): boolean {
  return request.status === 'running' && request.execution !== undefined && !request.execution.finalReportAt;
}

/** A running request whose execution (or, for a rollout, any wave) has not ended: what a cancel applies to. */
export function cancellable(request: InstallRequest): boolean {
  if (request.status !== 'running' || request.execution === undefined) return false;
  if (!isMultiWave(request)) return !isTerminalStatus(request.execution.status);
  const rollout = rolloutOf(request);
  return rollout.waves.some(
    (w) => w.status === 'running' || w.status === 'starting' || (w.status === 'planned' && !rollout.stopped),
  );
}

/** True when a cancel was requested and has not failed since. */
export function cancelOutstanding(request: InstallRequest): boolean {
  for (let i = request.history.length - 1; i >= 0; i--) {
    const type = request.history[i]?.type;
    if (type === 'cancel_requested') return true;
    if (type === 'cancel_failed' || type === 'started') return false;
  }
  return false;
}

/** A non-terminal poll: the new state, and a thread reply when what people see changed. */
export function progressStep(
  request: InstallRequest,
  execution: Execution,
  instances: InstanceOutcome[],
  now: Date,
): TrackingStep {
  const before = request.execution;
  if (!before) return {};
  const next = withoutCredentials(
    transition(
      request,
      { type: 'status', status: execution.status, statusMessage: execution.statusMessage, instances },
      now,
    ),
  );
  const after = next.execution ?? before;
  const key = progressKey(after);
  if (key !== before.lastNotifiedKey) {
    const told: InstallRequest = { ...next, execution: { ...after, lastNotifiedKey: key } };
    const enteredWaiting = after.status === 'Waiting' && before.status !== 'Waiting';
    return { next: told, tell: { request: told, event: { kind: enteredWaiting ? 'waiting' : 'progress' } } };
  }
  const changed =
    after.status !== before.status ||
    after.statusMessage !== before.statusMessage ||
    JSON.stringify(after.instances) !== JSON.stringify(before.instances);
  return changed ? { next } : {};
}

/**
 * Terminal status: the finished state and `finalReportAt` are stored in one write before the report is
 * posted, so neither a second cycle, another process nor a restart can post it again. The store gets
 * the outputs with credentials masked; the report is rendered from the unmasked copy so the requester
 * gets them privately.
 */
export function finishStep(
  request: InstallRequest,
  execution: Execution,
  instances: InstanceOutcome[],
  at: Date,
): TrackingStep {
  const status = execution.status as 'Success' | 'Failed' | 'Cancelled';
  const finished = transition(
    request,
    { type: 'finished', status, statusMessage: execution.statusMessage, instances },
    at,
  );
  const ended = finished.execution ?? request.execution;
  if (!ended) return {};
  const withEnd: InstallRequest = {
    ...finished,
    execution: {
      ...ended,
      endedAt: validTime(execution.endDate) ?? ended.endedAt ?? at.toISOString(),
      lastNotifiedKey: progressKey(ended),
    },
  };
  const claimed = transition(withEnd, { type: 'final_report' }, at);
  return { next: withoutCredentials(claimed), tell: { request: claimed, event: { kind: 'final_report' } } };
}

function validTime(value: string | undefined): string | undefined {
  return value && Number.isFinite(Date.parse(value)) ? new Date(value).toISOString() : undefined;
}

/** The rollout with wave 1 brought in line with the execution of a one-wave request. */
function withSingleWave(request: InstallRequest, status: string, at: Date): InstallRequest {
  if (request.rollout?.waves[0]?.status !== 'running') return request;
  return { ...request, rollout: recordWavePolled(request.rollout, 1, status, at) };
}

/** One poll of a one-wave request: the single-execution progress or finish, its wave kept in line. */
export function singleWaveStep(
  request: InstallRequest,
  execution: Execution,
  tasks: readonly TaskExecution[] | undefined,
  at: Date,
): TrackingStep {
  const instances = buildInstanceOutcomes(
    request.instanceIds,
    execution,
    tasks,
    request.execution?.instances ?? [],
  );
  const terminal = isTerminalStatus(execution.status);
  const step = terminal
    ? finishStep(request, execution, instances, at)
    : progressStep(request, execution, instances, at);
  const endAt = terminal ? new Date(validTime(execution.endDate) ?? at.toISOString()) : at;
  return {
    ...step,
    ...(step.next ? { next: withSingleWave(step.next, execution.status, endAt) } : {}),
    ...(step.tell
      ? { tell: { ...step.tell, request: withSingleWave(step.tell.request, execution.status, endAt) } }
      : {}),
  };
}

/** Outcomes of `previous` with those of `wave` put in their place (new loop items appended). */
function merged(previous: readonly InstanceOutcome[], wave: readonly InstanceOutcome[]): InstanceOutcome[] {
  const byId = new Map(wave.map((i) => [i.instanceId, i]));
  const kept = previous.map((i) => byId.get(i.instanceId) ?? i);
  const known = new Set(previous.map((i) => i.instanceId));
  return [...kept, ...wave.filter((i) => !known.has(i.instanceId))];
}

/**
 * One poll of one wave of a rollout: its instances' outcomes into the request, and, when the wave
 * ended, what follows (rollout-steps.ts `settle`): the next stage claimed, a pause with the buttons, or
 * the final report of every wave. Progress is told like a single execution's, counting every wave.
 */
export function waveStep(
  request: InstallRequest,
  waveNumber: number,
  execution: Execution,
  tasks: readonly TaskExecution[] | undefined,
  at: Date,
  freeze?: FreezeNote,
): TrackingStep {
  const rollout = rolloutOf(request);
  const wave = rollout.waves.find((w) => w.number === waveNumber);
  const before = request.execution;
  if (!before || wave?.status !== 'running' || wave.executionId !== execution.executionId) return {};
  const ids = new Set(wave.instanceIds);
  const outcomes = buildInstanceOutcomes(
    wave.instanceIds,
    execution,
    tasks,
    before.instances.filter((i) => ids.has(i.instanceId)),
  );
  const terminal = isTerminalStatus(execution.status);
  const endAt = terminal ? new Date(validTime(execution.endDate) ?? at.toISOString()) : at;
  const moved: Rollout = recordWavePolled(rollout, waveNumber, execution.status, endAt);
  const updated = transition(
    request,
    {
      type: 'rollout',
      rollout: moved,
      instances: rolloutInstances(moved, merged(before.instances, outcomes)),
      status: rolloutRunningStatus(moved),
    },
    at,
  );
  if (terminal) {
    const next = settle(updated, at, freeze);
    if (next.finished && next.next) {
      return {
        next: withoutCredentials(next.next),
        tell: { request: next.next, event: { kind: 'final_report' } },
      };
    }
    if (next.next) {
      const stored = withoutCredentials(next.next);
      const event = next.events[0];
      return {
        next: stored,
        ...(event ? { tell: { request: stored, event } } : {}),
        ...(next.launch ? { launch: true } : {}),
      };
    }
  }
  const after = withoutCredentials(updated);
  const key = progressKey(after.execution ?? before);
  if (key === before.lastNotifiedKey) return { next: after };
  const told: InstallRequest = {
    ...after,
    execution: { ...(after.execution ?? before), lastNotifiedKey: key },
  };
  const enteredWaiting = execution.status === 'Waiting' && wave.executionStatus !== 'Waiting';
  return { next: told, tell: { request: told, event: { kind: enteredWaiting ? 'waiting' : 'progress' } } };
}

/**
 * A rollout with no wave running (a stage failed to start, it was stopped or cancelled while paused):
 * what follows, worked out without a cloud call.
 */
export function idleStep(request: InstallRequest, at: Date, freeze?: FreezeNote): TrackingStep {
  if (!isMultiWave(request) || runningWaves(rolloutOf(request)).length > 0) return {};
  const next = settle(request, at, freeze);
  if (!next.next) return {};
  const event = next.events[0];
  return {
    next: next.finished ? withoutCredentials(next.next) : next.next,
    ...(event ? { tell: { request: next.next, event } } : {}),
    ...(next.launch ? { launch: true } : {}),
  };
}
