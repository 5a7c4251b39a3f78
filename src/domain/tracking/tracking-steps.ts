/**
 * What one poll or click does to a tracked request, as pure functions of the stored request: the
 * tracker runs them inside the store's compare-and-set update, so a step that lost a race is simply
 * worked out again on what won.
 */
import { transition } from '../install/request-state.js';
import { type Execution, type InstallRequest, type InstanceOutcome, isTerminalStatus } from '../model.js';
import type { RequestEvent } from '../ports.js';
import { withoutCredentials } from './credentials.js';
import { progressKey } from './progress.js';

/** What one poll does to a request: the next state to store, and what to tell its thread. */
export interface TrackingStep {
  next?: InstallRequest;
  tell?: { request: InstallRequest; event: RequestEvent };
}

/** A running request with an execution whose final report has not been posted. */
export function isTrackable(request: InstallRequest): boolean {
  return request.status === 'running' && request.execution !== undefined && !request.execution.finalReportAt;
}

/** A running request whose execution has not ended: the only kind a cancel applies to. */
export function cancellable(request: InstallRequest): boolean {
  return (
    request.status === 'running' &&
    request.execution !== undefined &&
    !isTerminalStatus(request.execution.status)
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
