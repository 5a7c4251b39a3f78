/**
 * What the install modal asks before anything is submitted: a prefill from the command's words, the
 * form's data (regions, the prefilled package's parameters, earlier values of a retry), package details
 * when the package select changes, and the suggestions of the external selects.
 */
import { isConfidentMatch } from '../catalog/fuzzy.js';
import { type ExtensionPackage, type PackageParameter, pickText } from '../model.js';
import { type PolicyRules, resolveChannelPolicy } from '../policy/channel-policy.js';
import { isPackageAllowed, offeredPackages, offeredRegions } from '../policy/offer.js';
import type { FormNotice } from './form-problems.js';
import type { InstallContext } from './install-context.js';
import type {
  InstallForm,
  InstallFormData,
  InstallPrefill,
  InstanceSuggestion,
  PackageSuggestion,
} from './types.js';

/** The install form's queries over the context's catalog, ECS and regions cache. */
export function installForm(ctx: InstallContext): InstallForm {
  return {
    parsePrefill: (words) => parsePrefill(ctx, words),
    loadForm: (prefill) => loadForm(ctx, prefill),
    packageDetails: (packageName) => ctx.catalog.details(packageName),
    searchPackages: (query, limit, channelId) => searchPackages(ctx, query, limit, channelId),
    searchInstances: (regionId, query, limit) => searchInstances(ctx, regionId, query, limit),
  };
}

async function parsePrefill(ctx: InstallContext, words: string): Promise<InstallPrefill> {
  const targets = ctx.extractTargets(words);
  const prefill: InstallPrefill = {
    instanceIds: targets.instanceIds,
    ...(targets.regionId ? { regionId: targets.regionId } : {}),
  };
  const rest = targets.rest.trim();
  if (rest === '') return prefill;
  prefill.packageWords = rest;
  try {
    const chosen = confidentMatch(ctx, rest, (await ctx.catalog.list()).packages);
    if (chosen) prefill.packageName = chosen.templateName;
  } catch (err) {
    ctx.log.warn({ err }, 'catalog unavailable while prefilling the install form');
  }
  return prefill;
}

/** The rules of the channel's policy (the defaults when the channel is not known). */
function rulesOf(ctx: InstallContext, channelId: string | undefined): PolicyRules {
  return resolveChannelPolicy(ctx.policies, channelId ?? '').rules;
}

async function loadForm(ctx: InstallContext, prefill: InstallPrefill): Promise<InstallFormData> {
  const locale = prefill.locale ?? 'en';
  const rules = rulesOf(ctx, prefill.channelId);
  // The form offers only the regions the channel allows.
  const regions = offeredRegions(rules, await ctx.regions.list());
  const notices: FormNotice[] = [];
  const fallback = regions.some((r) => r.regionId === ctx.catalogRegion)
    ? ctx.catalogRegion
    : (regions[0]?.regionId ?? ctx.catalogRegion);
  let regionId = fallback;
  if (prefill.regionId && regions.some((r) => r.regionId === prefill.regionId)) regionId = prefill.regionId;
  else if (prefill.regionId)
    notices.push({ code: 'region_not_listed', regionId: prefill.regionId, fallback });
  const form: InstallFormData = { regions, regionId, instanceIds: prefill.instanceIds, rules };
  if (prefill.rollout) form.rollout = prefill.rollout;
  if (prefill.waveSize !== undefined) form.waveSize = prefill.waveSize;
  if (prefill.reason) form.reason = prefill.reason;
  if (prefill.action) form.action = prefill.action;
  if (prefill.undoOf) form.undoOf = prefill.undoOf;
  if (prefill.packageName) {
    try {
      const details = await ctx.catalog.details(prefill.packageName);
      if (!isPackageAllowed(rules, details.package)) {
        notices.push({ code: 'package_not_allowed', packageName: prefill.packageName });
        return finish(form, notices, prefill);
      }
      form.package = details;
      if (prefill.parameterValues) {
        form.parameterValues = formTexts(form.package.parameters, prefill.parameterValues);
      }
    } catch (err) {
      notices.push({ code: 'package_load_failed', packageName: prefill.packageName, error: err });
    }
  } else if (prefill.packageWords) {
    const words = prefill.packageWords;
    const matches = await ctx.catalog.list().then(
      ({ packages }) => ctx.matchPackage(words, packages),
      () => [],
    );
    notices.push(
      matches.length === 0
        ? { code: 'no_package_matched', words }
        : {
            code: 'several_packages_matched',
            words,
            names: matches.map((m) => pickText(m.pkg.displayName, locale) || m.pkg.templateName),
          },
    );
  }
  return finish(form, notices, prefill);
}

/** The form with the earlier rate control and the notices. */
function finish(form: InstallFormData, notices: FormNotice[], prefill?: InstallPrefill): InstallFormData {
  if (prefill?.concurrency !== undefined) form.concurrency = prefill.concurrency;
  if (prefill?.maxErrors !== undefined) form.maxErrors = prefill.maxErrors;
  if (notices.length > 0) form.notices = notices;
  return form;
}

async function searchPackages(
  ctx: InstallContext,
  query: string,
  limit: number,
  channelId?: string,
): Promise<PackageSuggestion[]> {
  const packages = offeredPackages(rulesOf(ctx, channelId), (await ctx.catalog.list()).packages);
  const words = query.trim();
  const found = words
    ? ctx.matchPackage(words, packages).map((m) => m.pkg)
    : [...packages].sort((a, b) => a.templateName.localeCompare(b.templateName));
  return found.slice(0, Math.max(0, limit)).map((p) => ({
    templateName: p.templateName,
    displayName: pickText(p.displayName, 'en') || p.templateName,
    category: p.categories[0] ?? '',
  }));
}

async function searchInstances(
  ctx: InstallContext,
  regionId: string,
  query: string,
  limit: number,
): Promise<InstanceSuggestion[]> {
  const words = query.trim();
  const instances = await ctx.ecs.describeInstances({
    regionId,
    status: 'Running',
    ...(words ? { nameLike: words } : {}),
    limit,
  });
  return instances.slice(0, limit).map((i) => ({ instanceId: i.instanceId, name: i.instanceName }));
}

/**
 * The form text of earlier values: only parameters the package still has and that are not secret;
 * strings as they are, anything else (and every List or Json value) as JSON, as the form parses it.
 */
function formTexts(params: PackageParameter[], values: Record<string, unknown>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const param of params) {
    const value = values[param.name];
    if (param.secret || value === undefined || value === null) continue;
    const json = param.type === 'List' || param.type === 'Json';
    texts[param.name] = typeof value === 'string' && !json ? value : JSON.stringify(value);
  }
  return texts;
}

/** The package the words name without doubt: an exact name, or one confident match ahead of the rest. */
function confidentMatch(
  ctx: InstallContext,
  words: string,
  packages: ExtensionPackage[],
): ExtensionPackage | undefined {
  const exact = packages.find((p) => p.templateName.toLowerCase() === words.toLowerCase());
  if (exact) return exact;
  const [best, second] = ctx.matchPackage(words, packages);
  if (!best || !isConfidentMatch(best)) return undefined;
  return second && isConfidentMatch(second) && second.score >= best.score ? undefined : best.pkg;
}
