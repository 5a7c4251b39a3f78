/**
 * Pre-flight of the lifecycle: before a request is stored, read what OOS records of its package on each
 * instance (ListInstancePackageStates), then judge the requested action against it. An install over an
 * existing one is allowed and flagged; an update or uninstall needs the package to be there; an
 * uninstall is cut into one group per installed version, because the installer runs the uninstall script
 * of the version it is given (the newest one when none is).
 */
import type { PolicyAction } from '../policy/channel-policy.js';
import type { OosPort } from '../ports.js';
import type { VersionGroup } from '../rollout/plan-waves.js';

/** The actions a request may ask the installer for. */
export type RequestAction = PolicyAction;

/** Every action, in the order the form lists them. */
export const REQUEST_ACTIONS: readonly RequestAction[] = ['install', 'update', 'uninstall'];

/** The action an option value or command word names, or undefined when it names none. */
export function parseRequestAction(text: string | undefined): RequestAction | undefined {
  const value = text?.trim().toLowerCase() ?? '';
  return REQUEST_ACTIONS.find((action) => action === value);
}

/** The action of a stored request (requests stored before actions existed are installs). */
export function actionOf(request: { action?: RequestAction }): RequestAction {
  return request.action ?? 'install';
}

/** What OOS records of one package on one instance before the request. */
export interface InstalledVersion {
  instanceId: string;
  /** The recorded TemplateVersion ('' when OOS recorded the package without a version). */
  version?: string;
  /** True when OOS recorded the package there. */
  installed: boolean;
  /** Set when OOS could not be asked about this instance. */
  error?: unknown;
}

/** ListInstancePackageStates calls in flight at once during a pre-flight. */
const LOOKUP_CONCURRENCY = 8;

/** Reads, per instance, whether and at which version OOS records `packageName` (in the order given). */
export async function readInstalledVersions(
  oos: Pick<OosPort, 'listInstancePackageStates'>,
  query: { regionId: string; packageName: string; instanceIds: readonly string[] },
): Promise<InstalledVersion[]> {
  const results: InstalledVersion[] = new Array(query.instanceIds.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < query.instanceIds.length; index = next++) {
      const instanceId = query.instanceIds[index] as string;
      try {
        const states = await oos.listInstancePackageStates({
          regionId: query.regionId,
          instanceId,
          templateNames: [query.packageName],
        });
        const found = states.find((s) => s.templateName === query.packageName);
        results[index] = found
          ? { instanceId, installed: true, version: found.templateVersion }
          : { instanceId, installed: false };
      } catch (error) {
        results[index] = { instanceId, installed: false, error };
      }
    }
  };
  const workers = Math.min(LOOKUP_CONCURRENCY, query.instanceIds.length);
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** Why an action cannot go ahead on some instances (keyed by the form's `instances` block). */
export type LifecycleProblem =
  /** The form's `action` is not install, update or uninstall (keyed by the `action` block). */
  | { code: 'action_invalid' }
  /** An update or uninstall names instances where OOS records no such package. */
  | { code: 'package_not_installed'; action: 'update' | 'uninstall'; ids: string[] }
  /** What is installed could not be read, and the action needs to know it. */
  | { code: 'installed_unreadable'; ids: string[]; error: unknown };

/** The verdict of the pre-flight on the requested action. */
export interface LifecycleVerdict {
  problems: LifecycleProblem[];
  /** Instance id → the version recorded before the request, for every instance that has the package. */
  installed: Map<string, string>;
  /** For an uninstall: one group per installed version (newest version first). */
  groups: VersionGroup[];
}

/**
 * Judges `action` against what is installed. An install is never refused here (an existing package is
 * only flagged, and an unreadable record only loses the flag); an update or uninstall refuses the
 * instances without the package, and those whose record could not be read.
 */
export function judgeAction(action: RequestAction, versions: readonly InstalledVersion[]): LifecycleVerdict {
  const installed = new Map<string, string>();
  for (const v of versions) if (v.installed) installed.set(v.instanceId, v.version ?? '');
  const problems: LifecycleProblem[] = [];
  if (action !== 'install') {
    const unreadable = versions.filter((v) => v.error !== undefined);
    const absent = versions.filter((v) => v.error === undefined && !v.installed).map((v) => v.instanceId);
    if (absent.length > 0) problems.push({ code: 'package_not_installed', action, ids: absent });
    if (unreadable.length > 0) {
      problems.push({
        code: 'installed_unreadable',
        ids: unreadable.map((v) => v.instanceId),
        error: unreadable[0]?.error,
      });
    }
  }
  return { problems, installed, groups: action === 'uninstall' ? versionGroups(versions) : [] };
}

/** Instances grouped by the version OOS records, newest version first, instances in the order given. */
export function versionGroups(versions: readonly InstalledVersion[]): VersionGroup[] {
  const byVersion = new Map<string, string[]>();
  for (const v of versions) {
    if (!v.installed) continue;
    const version = v.version ?? '';
    byVersion.set(version, [...(byVersion.get(version) ?? []), v.instanceId]);
  }
  return [...byVersion]
    .sort(([a], [b]) => compareVersions(b, a))
    .map(([packageVersion, instanceIds]) => ({ packageVersion, instanceIds }));
}

/** Orders template versions (`v9` < `v10`); anything not `v<number>` sorts before them, by text. */
export function compareVersions(a: string, b: string): number {
  const na = versionNumber(a);
  const nb = versionNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (na !== undefined) return 1;
  if (nb !== undefined) return -1;
  return a.localeCompare(b);
}

function versionNumber(version: string): number | undefined {
  const match = /^v(\d+)$/i.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}
