/**
 * Cancelling a running install from its thread: only the requester or an approver may. The cancel is
 * claimed with a compare-and-set before OOS is called, so of concurrent clicks one cancels. A rollout
 * of several waves is stopped in the same write (no later wave starts) and every running wave's
 * execution is cancelled; the thread hears about the request (or the failure) and the next poll
 * reports Cancelled.
 */
import { CloudError } from '../errors.js';
import { canTransition, transition } from '../install/request-state.js';
import type { InstallRequest } from '../model.js';
import type { Clock, Logger, OosPort, RequestNotifier, RequestStore } from '../ports.js';
import { runningWaves, stopRollout } from '../rollout/rollout-state.js';
import { rolloutInstances, rolloutOf } from '../rollout/rollout-steps.js';
import { cancellable, cancelOutstanding, isMultiWave } from './tracking-steps.js';

/** Outcome of a cancel button press. */
export type CancelResult =
  | { ok: true; request: InstallRequest }
  | { ok: false; reason: 'not_found' | 'not_running' | 'not_allowed' | 'already_requested' }
  | { ok: false; reason: 'failed'; error: unknown };

/** What a cancel needs; `watch` makes the tracker follow the request until its report. */
export interface CancelDeps {
  oos: OosPort;
  store: RequestStore;
  notifier: RequestNotifier;
  clock: Clock;
  logger: Logger;
  watch(requestId: string): void;
}

/** The request with the cancel claimed (and, for a rollout, no later wave to start). */
function claimCancel(request: InstallRequest, userId: string, at: Date): InstallRequest {
  const marked = transition(request, { type: 'cancel_requested', by: userId }, at);
  if (!isMultiWave(marked)) return marked;
  const rollout = stopRollout(rolloutOf(marked), userId, at);
  return transition(
    marked,
    { type: 'rollout', rollout, instances: rolloutInstances(rollout, marked.execution?.instances ?? []) },
    at,
  );
}

/** The executions to cancel: the request's one, or each running wave's. */
function executionsOf(request: InstallRequest): string[] {
  if (!isMultiWave(request)) return request.execution ? [request.execution.executionId] : [];
  return runningWaves(rolloutOf(request)).flatMap((w) => (w.executionId ? [w.executionId] : []));
}

/** Cancels the request's execution(s) if `userId` may; see the module comment. */
export async function cancelExecution(
  deps: CancelDeps,
  requestId: string,
  userId: string,
  isApprover: (userId: string, request: InstallRequest) => Promise<boolean>,
): Promise<CancelResult> {
  const request = await deps.store.get(requestId);
  if (!request) return { ok: false, reason: 'not_found' };
  if (!cancellable(request)) return { ok: false, reason: 'not_running' };
  if (userId !== request.requester && !(await isApprover(userId, request))) {
    return { ok: false, reason: 'not_allowed' };
  }
  if (cancelOutstanding(request)) return { ok: false, reason: 'already_requested' };
  let claimed = false;
  const marked = await deps.store.update(requestId, (current) => {
    claimed = cancellable(current) && !cancelOutstanding(current);
    return claimed ? claimCancel(current, userId, deps.clock.now()) : undefined;
  });
  if (!marked) return { ok: false, reason: 'not_found' };
  if (!claimed) return { ok: false, reason: cancellable(marked) ? 'already_requested' : 'not_running' };
  const regionId = marked.execution?.regionId ?? marked.regionId;
  const log = deps.logger.child({ requestId, user: userId });
  try {
    for (const executionId of executionsOf(marked)) {
      await deps.oos.cancelExecution({ regionId, executionId });
    }
  } catch (error) {
    log.warn({ err: error }, 'cancel execution failed');
    const failed = await deps.store.update(requestId, (current) =>
      canTransition(current.status, 'cancel_failed')
        ? transition(
            current,
            { type: 'cancel_failed', by: userId, detail: errorDetail(error) },
            deps.clock.now(),
          )
        : undefined,
    );
    await deps.notifier.notify(failed ?? marked, { kind: 'cancel_failed', by: userId, error });
    return { ok: false, reason: 'failed', error };
  }
  log.info({}, 'cancel requested');
  await deps.notifier.notify(marked, { kind: 'cancel_requested', by: userId });
  await deps.notifier.refreshRequestMessage(marked);
  deps.watch(requestId);
  return { ok: true, request: marked };
}

function errorDetail(error: unknown): string {
  if (error instanceof CloudError)
    return `${error.code}${error.requestId ? ` (RequestId ${error.requestId})` : ''}`;
  return error instanceof Error ? error.name : 'unknown error';
}
