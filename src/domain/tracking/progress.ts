/**
 * Per-instance progress of a tracked execution: counts, the fingerprint that decides whether the thread
 * hears about a change, and which instances a retry should target.
 */
import {
  type ExecutionTracking,
  type InstallRequest,
  type InstanceOutcome,
  isTerminalStatus,
} from '../model.js';
import { NOT_REACHED_STATUS } from '../rollout/rollout-model.js';

/** How many instances are in each state. `finished` = succeeded + failed + cancelled. */
export interface InstanceCounts {
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  finished: number;
  /** Instances of waves a stopped rollout never reached. */
  notReached: number;
}

/** Counts the instances of an execution by outcome. */
export function countInstances(instances: readonly InstanceOutcome[]): InstanceCounts {
  const succeeded = instances.filter((i) => i.status === 'Success').length;
  const failed = instances.filter((i) => i.status === 'Failed').length;
  const cancelled = instances.filter((i) => i.status === 'Cancelled').length;
  const notReached = instances.filter((i) => i.status === NOT_REACHED_STATUS).length;
  return {
    total: instances.length,
    succeeded,
    failed,
    cancelled,
    finished: succeeded + failed + cancelled,
    notReached,
  };
}

/** Fingerprint of what the thread was told (status and counts); equal keys mean "nothing new to say". */
export function progressKey(execution: ExecutionTracking): string {
  const c = countInstances(execution.instances);
  return `${execution.status}|${c.finished}/${c.total}|${c.succeeded}|${c.failed}|${c.cancelled}`;
}

/** Instances a retry should target: every one that did not end in Success once the execution ended. */
export function failedInstanceIds(request: InstallRequest): string[] {
  const execution = request.execution;
  if (!execution || !isTerminalStatus(execution.status)) return [];
  return execution.instances.filter((i) => i.status !== 'Success').map((i) => i.instanceId);
}
