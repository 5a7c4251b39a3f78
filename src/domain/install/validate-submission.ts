/**
 * Validation of a submitted install form against the cloud and the catalog: the region exists, the
 * package is in the catalog, its parameters parse, every instance is found, running, has Cloud
 * Assistant online and an OS the package supports, and the rate control numbers are sane. Every
 * problem is reported at once, keyed by the form block it belongs to.
 */
import { CloudError, DomainError } from '../errors.js';
import {
  type DuplicateExecution,
  type EcsInstance,
  type Locale,
  type OsConstraints,
  PACKAGE_NAME_PATTERN,
  type PackageDetails,
} from '../model.js';
import { findDuplicates } from './duplicates.js';
import { parseInstanceIds, parseParameterValues } from './form-values.js';
import type { InstallContext } from './install-context.js';
import { describeProblem, Msg } from './messages.js';
import type { InstallSubmission } from './types.js';

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
}

/** Either every value is valid, or the problems keyed by input block id. */
export type SubmissionCheck =
  | { ok: true; valid: ValidSubmission }
  | { ok: false; errors: Record<string, string> };

/** Checks everything a submission says; nothing is stored. */
export async function validateSubmission(
  ctx: InstallContext,
  submission: InstallSubmission,
): Promise<SubmissionCheck> {
  const locale = submission.locale;
  const errors: Record<string, string> = {};
  const ids = parseInstanceIds(submission.instancesText, submission.pickedInstanceIds, locale);
  if (ids.error) errors.instances = ids.error;
  const concurrency = parseCount(submission.concurrency, 1, 1);
  if (concurrency === undefined) errors.concurrency = Msg.concurrencyInvalid(locale);
  const maxErrors = parseCount(submission.maxErrors, 0, 0);
  if (maxErrors === undefined) errors.max_errors = Msg.maxErrorsInvalid(locale);

  const regionId = submission.regionId.trim();
  const [regionError, pkg] = await Promise.all([
    checkRegion(ctx, regionId, locale),
    checkPackage(ctx, submission.packageName.trim(), locale),
  ]);
  if (regionError) errors.region = regionError;
  if ('error' in pkg) errors.package = pkg.error;
  const details = 'details' in pkg ? pkg.details : undefined;

  const parsed = details
    ? parseParameterValues(details.parameters, submission.parameterValues, locale)
    : undefined;
  Object.assign(errors, parsed?.errors);

  let instances: EcsInstance[] = [];
  let duplicatesLookup: Promise<DuplicateExecution[]> = Promise.resolve([]);
  if (!errors.instances && !regionError) {
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
    const checked = await checkInstances(ctx, regionId, ids.instanceIds, details, locale);
    if ('error' in checked) errors.instances = checked.error;
    else instances = checked.instances;
  }
  if (
    Object.keys(errors).length > 0 ||
    !details ||
    !parsed ||
    concurrency === undefined ||
    maxErrors === undefined
  ) {
    return { ok: false, errors };
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
    },
  };
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

async function checkRegion(
  ctx: InstallContext,
  regionId: string,
  locale: Locale,
): Promise<string | undefined> {
  try {
    const regions = await ctx.regions.list();
    return regions.some((r) => r.regionId === regionId) ? undefined : Msg.regionUnknown(locale, regionId);
  } catch (err) {
    ctx.log.warn({ err }, 'DescribeRegions failed during install validation');
    return describeProblem(err, locale);
  }
}

async function checkPackage(
  ctx: InstallContext,
  name: string,
  locale: Locale,
): Promise<{ details: PackageDetails } | { error: string }> {
  if (!PACKAGE_NAME_PATTERN.test(name)) return { error: Msg.packageBadName(locale) };
  try {
    const { packages } = await ctx.catalog.list();
    if (!packages.some((p) => p.templateName === name)) return { error: Msg.packageUnknown(locale, name) };
    return { details: await ctx.catalog.details(name) };
  } catch (err) {
    if (isNotFound(err)) return { error: Msg.packageUnknown(locale, name) };
    ctx.log.warn({ err, packageName: name }, 'catalog lookup failed during install validation');
    return { error: describeProblem(err, locale) };
  }
}

async function checkInstances(
  ctx: InstallContext,
  regionId: string,
  instanceIds: string[],
  details: PackageDetails | undefined,
  locale: Locale,
): Promise<{ instances: EcsInstance[] } | { error: string }> {
  try {
    const found = await ctx.ecs.describeInstances({ regionId, instanceIds });
    const byId = new Map(
      found.filter((i) => instanceIds.includes(i.instanceId)).map((i) => [i.instanceId, i]),
    );
    const problems: string[] = [];
    const missing = instanceIds.filter((id) => !byId.has(id));
    if (missing.length > 0) problems.push(Msg.instancesNotFound(locale, missing, regionId));
    const present = instanceIds.flatMap((id) => byId.get(id) ?? []);
    const notRunning = present.filter((i) => i.status !== 'Running');
    if (notRunning.length > 0) {
      problems.push(
        Msg.instancesNotRunning(
          locale,
          notRunning.map((i) => `${i.instanceId} (${i.status})`),
        ),
      );
    }
    const running = present.filter((i) => i.status === 'Running');
    if (running.length > 0) {
      const states = await ctx.ecs.describeCloudAssistantStatus({
        regionId,
        instanceIds: running.map((i) => i.instanceId),
      });
      const online = new Set(states.filter((s) => s.online).map((s) => s.instanceId));
      const offline = running.filter((i) => !online.has(i.instanceId)).map((i) => i.instanceId);
      if (offline.length > 0) problems.push(Msg.instancesAssistantOffline(locale, offline));
    }
    if (details) {
      const constraints = details.package.constraints;
      const wrongOs = present.filter((i) => !fitsOs(i, constraints));
      if (wrongOs.length > 0) {
        const supported = (
          constraints.osPlatforms.length > 0 ? constraints.osPlatforms : constraints.osTypes
        ).join(', ');
        problems.push(
          Msg.instancesWrongOs(
            locale,
            wrongOs.map((i) => `${i.instanceId} (${i.osName || i.osType})`),
            supported,
          ),
        );
      }
    }
    return problems.length > 0 ? { error: problems.join(' ') } : { instances: present };
  } catch (err) {
    ctx.log.warn({ err, regionId }, 'instance checks failed during install validation');
    return { error: describeProblem(err, locale) };
  }
}
