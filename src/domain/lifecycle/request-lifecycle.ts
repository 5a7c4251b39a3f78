/**
 * What the lifecycle adds to a new request: its action, the versions involved, what each instance
 * held before, and its waves. An install or update runs the version the catalog offers; an uninstall
 * runs, per instance, the uninstall script of the version OOS records there: one wave per installed
 * version, all started together under the one request (rollout planner's version groups).
 */
import type { InstallRequest, PackageDetails } from '../model.js';
import type { RolloutMode } from '../policy/channel-policy.js';
import { planRollout, planVersionGroups } from '../rollout/plan-waves.js';
import type { Rollout } from '../rollout/rollout-model.js';
import type { LifecycleVerdict, RequestAction } from './preflight-installed.js';

/** The lifecycle fields of a new request. */
export type LifecycleFields = Pick<InstallRequest, 'action' | 'packageVersion' | 'latestVersion'>;

/** The action and versions a new request stores. */
export function lifecycleFields(
  action: RequestAction,
  details: PackageDetails,
  verdict: LifecycleVerdict,
): LifecycleFields {
  const latest = details.templateVersion || details.package.templateVersion;
  const fields: LifecycleFields = { action, ...(latest ? { latestVersion: latest } : {}) };
  if (action !== 'uninstall') {
    if (details.templateVersion) fields.packageVersion = details.templateVersion;
    return fields;
  }
  // An uninstall names the installed version; with several, each wave carries its own.
  const [only, ...others] = verdict.groups;
  if (only?.packageVersion && others.length === 0) fields.packageVersion = only.packageVersion;
  return fields;
}

/** What the waves of a new request are planned from. */
export interface WavePlanInput {
  action: RequestAction;
  instanceIds: string[];
  rollout: RolloutMode;
  waveSize: number;
  clientToken: string;
  packageVersion?: string;
  verdict: LifecycleVerdict;
}

/**
 * The waves of a new request: for an uninstall one wave per installed version (in the instances'
 * order within each), started together; otherwise the rollout the form asked for.
 */
export function planRequestWaves(input: WavePlanInput): Rollout {
  const defaults = {
    clientToken: input.clientToken,
    action: input.action,
    ...(input.packageVersion ? { packageVersion: input.packageVersion } : {}),
  };
  if (input.action === 'uninstall' && input.verdict.groups.length > 0) {
    return planVersionGroups(input.verdict.groups, defaults);
  }
  return planRollout(input.rollout, input.instanceIds, input.waveSize, defaults);
}
