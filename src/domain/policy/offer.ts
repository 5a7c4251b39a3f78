/**
 * What the install form offers in a channel: only the packages, regions and actions its policy allows.
 * The same predicates back the refusals of `checkSubmission`, so the form and the check never disagree.
 */
import type { ExtensionPackage, Region } from '../model.js';
import { POLICY_ACTIONS, type PolicyAction, type PolicyRules } from './channel-policy.js';
import { matchesGlob } from './glob.js';

const CATEGORY_PREFIX = 'category:';

/** True when a `packages` entry names a category (`category:Databases`) rather than a TemplateName glob. */
export function isCategoryPattern(pattern: string): boolean {
  return pattern.toLowerCase().startsWith(CATEGORY_PREFIX);
}

/** The category a `category:` entry names. */
export function categoryOf(pattern: string): string {
  return pattern.slice(CATEGORY_PREFIX.length).trim();
}

/** Whether the package (its TemplateName and categories) matches one of the channel's `packages` entries. */
export function isPackageAllowed(
  rules: Pick<PolicyRules, 'packages'>,
  pkg: { templateName: string; categories: readonly string[] },
): boolean {
  return rules.packages.some((pattern) =>
    isCategoryPattern(pattern)
      ? pkg.categories.some((category) => matchesGlob(categoryOf(pattern), category))
      : matchesGlob(pattern, pkg.templateName),
  );
}

/** Whether the region matches one of the channel's `regions` globs. */
export function isRegionAllowed(rules: Pick<PolicyRules, 'regions'>, regionId: string): boolean {
  return rules.regions.some((pattern) => matchesGlob(pattern, regionId));
}

/** The packages the form may offer. */
export function offeredPackages<P extends Pick<ExtensionPackage, 'templateName' | 'categories'>>(
  rules: Pick<PolicyRules, 'packages'>,
  packages: readonly P[],
): P[] {
  return packages.filter((pkg) => isPackageAllowed(rules, pkg));
}

/** The regions the form may offer. */
export function offeredRegions<R extends Pick<Region, 'regionId'>>(
  rules: Pick<PolicyRules, 'regions'>,
  regions: readonly R[],
): R[] {
  return regions.filter((region) => isRegionAllowed(rules, region.regionId));
}

/** The actions the form may offer, in their usual order. */
export function offeredActions(rules: Pick<PolicyRules, 'actions'>): PolicyAction[] {
  return POLICY_ACTIONS.filter((action) => rules.actions.includes(action));
}
