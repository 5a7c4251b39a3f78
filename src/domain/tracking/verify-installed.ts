/**
 * Verified results: once an install or update execution ends, the bot reads what OOS now records
 * (ListInstancePackageStates) on each instance that reported success, and keeps the version found
 * there with the request. An instance that reports success but holds no record is flagged: the report
 * then shows evidence a person can trust rather than the installer's word alone.
 */
import { actionOf, readInstalledVersions } from '../lifecycle/preflight-installed.js';
import type { Execution, InstallRequest, InstanceOutcome, TaskExecution } from '../model.js';
import type { OosPort } from '../ports.js';
import { rolloutOf } from '../rollout/rollout-steps.js';
import { buildInstanceOutcomes } from './outcomes.js';

/** What OOS records on one instance after the execution: the version, none at all, or unreadable. */
export type VerifiedState = 'recorded' | 'missing' | 'unread';

/** The check of one instance that reported success. */
export interface VerifiedInstance {
  instanceId: string;
  state: VerifiedState;
  /** The version OOS records now (state `recorded`; '' when it recorded none). */
  version?: string;
}

/** True when the request's action leaves a package behind, so its result can be checked. */
export function isVerifiable(request: Pick<InstallRequest, 'action'>): boolean {
  return actionOf(request) !== 'uninstall';
}

/** The instances of `outcomes` that reported success (the ones a check applies to). */
export function succeededIds(outcomes: readonly InstanceOutcome[]): string[] {
  return outcomes.filter((i) => i.status === 'Success').map((i) => i.instanceId);
}

/**
 * Reads what OOS records of the request's package on `instanceIds` (those that just reported success).
 * Never throws: an instance that cannot be read is `unread`.
 */
export async function verifyInstalled(
  oos: Pick<OosPort, 'listInstancePackageStates'>,
  request: Pick<InstallRequest, 'regionId' | 'packageName'>,
  instanceIds: readonly string[],
): Promise<VerifiedInstance[]> {
  if (instanceIds.length === 0) return [];
  const versions = await readInstalledVersions(oos, {
    regionId: request.regionId,
    packageName: request.packageName,
    instanceIds,
  });
  return versions.map((v): VerifiedInstance => {
    if (v.error !== undefined) return { instanceId: v.instanceId, state: 'unread' };
    if (!v.installed) return { instanceId: v.instanceId, state: 'missing' };
    return { instanceId: v.instanceId, state: 'recorded', version: v.version ?? '' };
  });
}

/** `request` with `checks` merged into what it already verified (a later check of an instance wins). */
export function withVerified(request: InstallRequest, checks: readonly VerifiedInstance[]): InstallRequest {
  if (checks.length === 0) return request;
  const ids = new Set(checks.map((c) => c.instanceId));
  const kept = (request.verified ?? []).filter((c) => !ids.has(c.instanceId));
  return { ...request, verified: [...kept, ...checks] };
}

/**
 * The check after an execution ended: for an install or update, what OOS records on the instances of
 * `instanceIds` (the execution's) that it (with its loop `tasks`) reports as succeeded; nothing for an
 * uninstall.
 */
export function verifyFinished(
  oos: Pick<OosPort, 'listInstancePackageStates'>,
  request: InstallRequest,
  instanceIds: readonly string[],
  execution: Execution,
  tasks: readonly TaskExecution[] | undefined,
): Promise<VerifiedInstance[]> {
  if (!isVerifiable(request)) return Promise.resolve([]);
  const ids = new Set(instanceIds);
  const outcomes = buildInstanceOutcomes(
    instanceIds,
    execution,
    tasks,
    (request.execution?.instances ?? []).filter((i) => ids.has(i.instanceId)),
  );
  return verifyInstalled(oos, request, succeededIds(outcomes));
}

/** `verifyFinished` over the instances of wave `waveNumber` of the request (every instance if unknown). */
export function verifyWave(
  oos: Pick<OosPort, 'listInstancePackageStates'>,
  request: InstallRequest,
  waveNumber: number,
  execution: Execution,
  tasks: readonly TaskExecution[] | undefined,
): Promise<VerifiedInstance[]> {
  const wave = rolloutOf(request).waves.find((w) => w.number === waveNumber);
  return verifyFinished(oos, request, wave?.instanceIds ?? request.instanceIds, execution, tasks);
}
