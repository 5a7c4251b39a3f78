/**
 * Validation of a submitted install form against the cloud, the catalog and the channel's policy: the
 * region exists, the package is in the catalog, its parameters parse, every instance is found, running,
 * has Cloud Assistant online and an OS the package supports, the rate control and rollout choices are
 * sane, and the policy lets it through (one `checkSubmission` call). Every problem is reported at once,
 * keyed by the form block it belongs to.
 */
import { CloudError, DomainError } from '../errors.js';
import {
  judgeAction,
  type LifecycleProblem,
  type LifecycleVerdict,
  parseRequestAction,
  type RequestAction,
  readInstalledVersions,
} from '../lifecycle/preflight-installed.js';
import {
  type DuplicateExecution,
  type EcsInstance,
  MAX_INSTANCES_PER_REQUEST,
  type OsConstraints,
  PACKAGE_NAME_PATTERN,
  type PackageDetails,
} from '../model.js';
import type { RolloutMode } from '../policy/channel-policy.js';
import { checkSubmission, type PolicyAdmission, type PolicyRefusal } from '../policy/check-submission.js';
import { maskCredentialText } from '../tracking/credentials.js';
import { findDuplicates } from './duplicates.js';
import { addProblem, type FormErrors, type FormProblem } from './form-problems.js';
import { parseInstanceIds, parseParameterValues } from './form-values.js';
import type { InstallContext } from './install-context.js';
import type { InstallSubmission, RolloutProblem } from './types.js';

/** Longest reason kept (the form's input allows no more). */
export const MAX_REASON_CHARS = 500;

const ROLLOUT_MODES: readonly RolloutMode[] = ['all', 'canary', 'waves'];

/** A submission that passed every check, with what the request is built from. */
export interface ValidSubmission {
  regionId: string;
  instanceIds: string[];
  /** The instances as ECS described them, in no particular order. */
  instances: EcsInstance[];
  details: PackageDetails;
  /** Parameter values as they will be sent (secret ones in clear: they never reach the store). */
  values: Record<string, unknown>;
  defaultsUsed: string[];
  concurrency: number;
  maxErrors: number;
  /** Running executions of the same package on some of the instances (shown, not blocking yet). */
  duplicates: DuplicateExecution[];
  /** What the channel policy lets the request store: its approval policy and the policy version. */
  admission: PolicyAdmission;
  /** The reason given, credentials masked; undefined when none was. */
  reason?: string;
  rollout: RolloutMode;
  /** Instances per wave (waves only). */
  waveSize: number;
  /** What the installer is asked to do. */
  action: RequestAction;
  /** What OOS records of the package on the instances, judged against the action. */
  lifecycle: LifecycleVerdict;
}

/** Either every value is valid, or the problems keyed by input block id (and the policy's refusals). */
export type SubmissionCheck =
  | { ok: true; valid: ValidSubmission }
  | {
      ok: false;
      errors: FormErrors;
      refusals: PolicyRefusal[];
      rolloutProblems: RolloutProblem[];
      lifecycleProblems: LifecycleProblem[];
    };

/** Checks everything a submission says; nothing is stored. */
export async function validateSubmission(
  ctx: InstallContext,
  submission: InstallSubmission,
): Promise<SubmissionCheck> {
  const errors: FormErrors = {};
  const ids = parseInstanceIds(submission.instancesText, submission.pickedInstanceIds);
  addProblem(errors, 'instances', ...ids.problems);
  const concurrency = parseCount(submission.concurrency, 1, 1);
  if (concurrency === undefined) addProblem(errors, 'concurrency', { code: 'concurrency_invalid' });
  const maxErrors = parseCount(submission.maxErrors, 0, 0);
  if (maxErrors === undefined) addProblem(errors, 'max_errors', { code: 'max_errors_invalid' });

  const rollout = parseRollout(submission);
  const action = parseRequestAction(submission.action || 'install');
  const lifecycleProblems: LifecycleProblem[] = action ? [] : [{ code: 'action_invalid' }];
  const reason = cleanReason(submission.reason);

  const regionId = submission.regionId.trim();
  const packageName = submission.packageName.trim();
  const [regionError, pkg] = await Promise.all([checkRegion(ctx, regionId), checkPackage(ctx, packageName)]);
  if (regionError) addProblem(errors, 'region', regionError);
  if ('error' in pkg) addProblem(errors, 'package', pkg.error);
  const details = 'details' in pkg ? pkg.details : undefined;

  const verdict = checkSubmission(
    ctx.policies,
    submission.channelId,
    {
      action: action ?? 'install',
      package: {
        templateName: details?.package.templateName ?? packageName,
        categories: details?.package.categories ?? [],
      },
      regionId,
      instanceCount: ids.instanceIds.length,
      ...(reason ? { reason } : {}),
      rollout: rollout.mode ?? 'all',
    },
    ctx.clock.now(),
  );
  // A package or region that does not exist is told as such, not as one the policy refuses.
  const refusals = verdict.allowed
    ? []
    : verdict.refusals.filter(
        (r) => !(r.block === 'package' && errors.package) && !(r.block === 'region' && errors.region),
      );

  const parsed = details ? parseParameterValues(details.parameters, submission.parameterValues) : undefined;
  Object.assign(errors, parsed?.errors);

  let instances: EcsInstance[] = [];
  let duplicatesLookup: Promise<DuplicateExecution[]> = Promise.resolve([]);
  let lifecycle: LifecycleVerdict | undefined;
  if (!errors.instances && !regionError) {
    // What is installed is read alongside the instance checks too; its verdict counts once they pass.
    const installedLookup =
      details && action
        ? readInstalledVersions(ctx.oos, {
            regionId,
            packageName: details.package.templateName,
            instanceIds: ids.instanceIds,
          }).then((versions) => judgeAction(action, versions))
        : undefined;
    // Independent of the instance checks: run it alongside them (the modal waits for all of this).
    if (details) {
      duplicatesLookup = findDuplicates(ctx.oos, {
        regionId,
        packageName: details.package.templateName,
        instanceIds: ids.instanceIds,
      }).catch((err: unknown) => {
        ctx.log.warn({ err }, 'duplicate check failed at submission; it runs again before starting');
        return [];
      });
    }
    const checked = await checkInstances(ctx, regionId, ids.instanceIds, details);
    if ('problems' in checked) addProblem(errors, 'instances', ...checked.problems);
    else instances = checked.instances;
    lifecycle = await installedLookup;
    if (lifecycle && !errors.instances) lifecycleProblems.push(...lifecycle.problems);
  }
  if (
    Object.keys(errors).length > 0 ||
    refusals.length > 0 ||
    rollout.problems.length > 0 ||
    lifecycleProblems.length > 0 ||
    !verdict.allowed ||
    !details ||
    !parsed ||
    concurrency === undefined ||
    maxErrors === undefined ||
    rollout.mode === undefined ||
    !action ||
    !lifecycle
  ) {
    return { ok: false, errors, refusals, rolloutProblems: rollout.problems, lifecycleProblems };
  }
  return {
    ok: true,
    valid: {
      regionId,
      instanceIds: ids.instanceIds,
      instances,
      details,
      values: parsed.values,
      defaultsUsed: parsed.defaultsUsed,
      concurrency,
      maxErrors,
      duplicates: await duplicatesLookup,
      admission: {
        approval: verdict.approval,
        policyVersion: verdict.policyVersion,
        remindApprovers: verdict.remindApprovers,
      },
      ...(reason ? { reason } : {}),
      rollout: rollout.mode,
      waveSize: rollout.waveSize,
      action,
      lifecycle,
    },
  };
}

/** The rollout mode and wave size of a submission, or what is wrong with them. */
function parseRollout(submission: InstallSubmission): {
  mode?: RolloutMode;
  waveSize: number;
  problems: RolloutProblem[];
} {
  const text = submission.rollout?.trim() || 'all';
  const mode = ROLLOUT_MODES.find((m) => m === text);
  if (!mode) return { waveSize: 0, problems: [{ block: 'rollout' }] };
  if (mode !== 'waves') return { mode, waveSize: 0, problems: [] };
  const size = parseCount(submission.waveSize, 0, 1);
  if (size === undefined || size < 1 || size > MAX_INSTANCES_PER_REQUEST) {
    return { mode, waveSize: 0, problems: [{ block: 'wave_size', max: MAX_INSTANCES_PER_REQUEST }] };
  }
  return { mode, waveSize: size, problems: [] };
}

/** The reason as stored: trimmed, at most MAX_REASON_CHARS, any credential in it masked. */
function cleanReason(text: string | undefined): string | undefined {
  const trimmed = text?.trim().slice(0, MAX_REASON_CHARS) ?? '';
  return trimmed === '' ? undefined : maskCredentialText(trimmed);
}

function parseCount(text: string | undefined, fallback: number, min: number): number | undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return fallback;
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
}

function isNotFound(error: unknown): boolean {
  return (
    (error instanceof CloudError && error.kind === 'not_found') ||
    (error instanceof DomainError && error.code === 'not_found')
  );
}

function normalizeOs(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function fitsOs(instance: EcsInstance, constraints: OsConstraints): boolean {
  const osType = instance.osType.toLowerCase();
  if (constraints.osTypes.length > 0 && !constraints.osTypes.some((t) => t === osType)) return false;
  if (constraints.osPlatforms.length === 0) return true;
  const osName = normalizeOs(instance.osName);
  return constraints.osPlatforms.some((platform) => osName.includes(normalizeOs(platform)));
}

async function checkRegion(ctx: InstallContext, regionId: string): Promise<FormProblem | undefined> {
  try {
    const regions = await ctx.regions.list();
    return regions.some((r) => r.regionId === regionId) ? undefined : { code: 'region_unknown', regionId };
  } catch (err) {
    ctx.log.warn({ err }, 'DescribeRegions failed during install validation');
    return { code: 'lookup_failed', error: err };
  }
}

async function checkPackage(
  ctx: InstallContext,
  name: string,
): Promise<{ details: PackageDetails } | { error: FormProblem }> {
  if (!PACKAGE_NAME_PATTERN.test(name)) return { error: { code: 'package_bad_name' } };
  try {
    const { packages } = await ctx.catalog.list();
    if (!packages.some((p) => p.templateName === name)) return { error: { code: 'package_unknown', name } };
    return { details: await ctx.catalog.details(name) };
  } catch (err) {
    if (isNotFound(err)) return { error: { code: 'package_unknown', name } };
    ctx.log.warn({ err, packageName: name }, 'catalog lookup failed during install validation');
    return { error: { code: 'lookup_failed', error: err } };
  }
}

async function checkInstances(
  ctx: InstallContext,
  regionId: string,
  instanceIds: string[],
  details: PackageDetails | undefined,
): Promise<{ instances: EcsInstance[] } | { problems: FormProblem[] }> {
  try {
    const found = await ctx.ecs.describeInstances({ regionId, instanceIds });
    const byId = new Map(
      found.filter((i) => instanceIds.includes(i.instanceId)).map((i) => [i.instanceId, i]),
    );
    const problems: FormProblem[] = [];
    const missing = instanceIds.filter((id) => !byId.has(id));
    if (missing.length > 0) problems.push({ code: 'instances_not_found', ids: missing, regionId });
    const present = instanceIds.flatMap((id) => byId.get(id) ?? []);
    const notRunning = present.filter((i) => i.status !== 'Running');
    if (notRunning.length > 0) {
      problems.push({
        code: 'instances_not_running',
        instances: notRunning.map((i) => ({ instanceId: i.instanceId, status: i.status })),
      });
    }
    const running = present.filter((i) => i.status === 'Running');
    if (running.length > 0) {
      const states = await ctx.ecs.describeCloudAssistantStatus({
        regionId,
        instanceIds: running.map((i) => i.instanceId),
      });
      const online = new Set(states.filter((s) => s.online).map((s) => s.instanceId));
      const offline = running.filter((i) => !online.has(i.instanceId)).map((i) => i.instanceId);
      if (offline.length > 0) problems.push({ code: 'instances_assistant_offline', ids: offline });
    }
    if (details) {
      const constraints = details.package.constraints;
      const wrongOs = present.filter((i) => !fitsOs(i, constraints));
      if (wrongOs.length > 0) {
        problems.push({
          code: 'instances_wrong_os',
          instances: wrongOs.map((i) => ({ instanceId: i.instanceId, os: i.osName || i.osType })),
          supported: constraints.osPlatforms.length > 0 ? constraints.osPlatforms : constraints.osTypes,
        });
      }
    }
    return problems.length > 0 ? { problems } : { instances: present };
  } catch (err) {
    ctx.log.warn({ err, regionId }, 'instance checks failed during install validation');
    return { problems: [{ code: 'lookup_failed', error: err }] };
  }
}
