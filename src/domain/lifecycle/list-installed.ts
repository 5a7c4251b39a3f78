/**
 * "What is installed on these instances?": for each instance, the extensions OOS records there
 * (ListInstancePackageStates), with the catalog's display name and whether a newer version exists.
 * ConfigurationInfo (a panel's login…) is secret: the answer carries its values only for an asker who
 * requested that install or may approve in the channel, and `withoutSecrets` strips them for anything
 * others can see. OOS answers are cached briefly per instance, so asking again is fast.
 */

import type { ExtensionPackage, InstallRequest, Localized, RequestStatus } from '../model.js';
import { INSTANCE_ID_PATTERN, MAX_INSTANCES_PER_REQUEST, pickText } from '../model.js';
import type { Clock, EcsPort, Logger, OosPort, RequestStore } from '../ports.js';
import { extractInstallTargets } from '../routing/intent.js';
import type { InstalledPackage } from './installed-package.js';

/** One extension recorded on an instance, as the asker may see it. */
export interface InstalledExtension {
  templateName: string;
  displayName: Localized;
  /** The version OOS records, e.g. `v26` ('' when it did not say). */
  installedVersion: string;
  /** The catalog's newest version, when the package is in the catalog. */
  latestVersion?: string;
  newerAvailable: boolean;
  /** When OOS recorded it (ISO-8601 UTC). */
  updatedAt?: string;
  /** Names of the ConfigurationInfo fields (their values are secret). */
  configurationKeys: string[];
  /** ConfigurationInfo values as text: only when the asker may see them, and only ever shown privately. */
  configuration?: Record<string, string>;
}

/** What one instance holds, or why it could not be read. */
export interface InstanceInstalled {
  instanceId: string;
  /** The instance's name in ECS. */
  name?: string;
  extensions: InstalledExtension[];
  /** OOS could not be asked about this instance (the others are still answered). */
  error?: unknown;
}

/** The answer to one question. */
export interface InstalledAnswer {
  regionId: string;
  /** Found instances, in the order asked. */
  instances: InstanceInstalled[];
  /** Ids ECS does not know in the region. */
  notFound: string[];
  /** True when some configuration values are included (so the answer must stay private). */
  hasSecrets: boolean;
}

/** Why the question could not be answered, for the view to word. */
export type InstalledProblem =
  | { code: 'no_instances' }
  | { code: 'bad_instance_ids'; ids: string[] }
  | { code: 'too_many_instances'; count: number; max: number }
  | { code: 'none_found'; instanceIds: string[]; regionId: string; regionGiven: boolean };

/** Outcome of `listInstalled`. */
export type InstalledOutcome =
  | { ok: true; answer: InstalledAnswer }
  | { ok: false; problem: InstalledProblem };

/** Who asks about which instances: the words after `installed` (instance ids, optionally a region). */
export interface InstalledQuestion {
  userId: string;
  channelId: string;
  words: string;
}

/** Dependencies of the use case. */
export interface ListInstalledDeps {
  oos: Pick<OosPort, 'listInstancePackageStates'>;
  ecs: Pick<EcsPort, 'describeInstances'>;
  catalog: { list(): Promise<{ packages: ExtensionPackage[] }> };
  requests: Pick<RequestStore, 'list'>;
  /** Whether the user may approve installs in the channel (they then see configuration values). */
  mayApprove(userId: string, channelId: string): Promise<boolean>;
  /** Region used when the question names none. */
  defaultRegionId: string;
  clock: Clock;
  logger: Logger;
  /** How long an instance's answer from OOS and ECS is reused (default 30 s). */
  cacheTtlMs?: number;
  /** OOS calls in flight at once (default 10). */
  concurrency?: number;
}

/** Statuses of a request whose install actually ran: its requester may see what it produced. */
const RAN: readonly RequestStatus[] = ['starting', 'running', 'succeeded', 'failed', 'cancelled'];
const DEFAULT_TTL_MS = 30_000;
const DEFAULT_CONCURRENCY = 10;
/** Past this many cached instances, expired entries are dropped before adding more. */
const CACHE_PRUNE_AT = 2_000;

interface Cached<T> {
  value: Promise<T>;
  at: number;
}

/** Reads, per instance, what OOS records as installed; see the module comment for who sees secrets. */
export class ListInstalled {
  private readonly states = new Map<string, Cached<InstalledPackage[]>>();
  private readonly names = new Map<string, Cached<string | undefined>>();
  private readonly ttlMs: number;
  private readonly concurrency: number;
  private readonly log: Logger;

  constructor(private readonly deps: ListInstalledDeps) {
    this.ttlMs = deps.cacheTtlMs ?? DEFAULT_TTL_MS;
    this.concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
    this.log = deps.logger.child({ component: 'installed' });
  }

  /** Answers one question; cloud failures of ECS are thrown, those of OOS are kept per instance. */
  async run(question: InstalledQuestion): Promise<InstalledOutcome> {
    const targets = extractInstallTargets(question.words);
    const ids = targets.instanceIds;
    if (ids.length === 0) return { ok: false, problem: { code: 'no_instances' } };
    const bad = ids.filter((id) => !INSTANCE_ID_PATTERN.test(id));
    if (bad.length > 0) return { ok: false, problem: { code: 'bad_instance_ids', ids: bad } };
    if (ids.length > MAX_INSTANCES_PER_REQUEST) {
      return {
        ok: false,
        problem: { code: 'too_many_instances', count: ids.length, max: MAX_INSTANCES_PER_REQUEST },
      };
    }
    const regionId = targets.regionId ?? this.deps.defaultRegionId;

    // The catalog (display names, newest versions) and the asker's rights load while ECS and OOS answer.
    const catalogLoad = this.deps.catalog.list().catch((err: unknown) => {
      this.log.warn({ err }, 'catalog unavailable; answering without display names');
      return { packages: [] as ExtensionPackage[] };
    });
    const entitlementLoad = this.entitlement(question.userId, question.channelId);
    // Not awaited before the instance lookup settles; keep an early failure from going unhandled.
    entitlementLoad.catch(() => {});
    const known = await this.instanceNames(regionId, ids);
    const found = ids.filter((id) => known.has(id));
    const notFound = ids.filter((id) => !known.has(id));
    if (found.length === 0) {
      return {
        ok: false,
        problem: {
          code: 'none_found',
          instanceIds: ids,
          regionId,
          regionGiven: targets.regionId !== undefined,
        },
      };
    }
    const [read, catalog, entitled] = await Promise.all([
      this.statesOf(regionId, found),
      catalogLoad,
      entitlementLoad,
    ]);
    const byName = new Map(catalog.packages.map((p) => [p.templateName, p]));
    let hasSecrets = false;
    const instances = found.map((instanceId, n): InstanceInstalled => {
      const outcome = read[n];
      const name = known.get(instanceId);
      if (!outcome || 'error' in outcome) {
        return { instanceId, ...(name ? { name } : {}), extensions: [], error: outcome?.error };
      }
      const extensions = outcome.packages
        .map((pkg) => {
          const reveal = entitled.approver || entitled.requested.has(`${pkg.templateName}|${instanceId}`);
          const extension = describe(pkg, byName.get(pkg.templateName), reveal);
          if (extension.configuration) hasSecrets = true;
          return extension;
        })
        .sort((a, b) => pickText(a.displayName, 'en').localeCompare(pickText(b.displayName, 'en')));
      return { instanceId, ...(name ? { name } : {}), extensions };
    });
    return { ok: true, answer: { regionId, instances, notFound, hasSecrets } };
  }

  /** Instance names by id for the ids ECS knows in the region (cached like the package states). */
  private async instanceNames(regionId: string, ids: string[]): Promise<Map<string, string | undefined>> {
    const now = this.deps.clock.now().getTime();
    const key = (id: string) => `${regionId}|${id}`;
    const missing = ids.filter((id) => !this.fresh(this.names.get(key(id)), now));
    if (missing.length > 0) {
      this.prune(this.names, now);
      const lookup = this.deps.ecs.describeInstances({ regionId, instanceIds: missing });
      for (const id of missing) {
        const value = lookup.then((list) => list.find((i) => i.instanceId === id)?.instanceName ?? NOT_FOUND);
        // A failed lookup is reported through the Promise.all below; this entry is only dropped.
        value.catch(() => {
          if (this.names.get(key(id))?.value === value) this.names.delete(key(id));
        });
        this.names.set(key(id), { value, at: now });
      }
    }
    // Taken synchronously, so an entry dropped meanwhile by a failure cannot read as "found".
    const pending = ids.map((id) => this.names.get(key(id))?.value ?? Promise.resolve(NOT_FOUND));
    const resolved = await Promise.all(pending);
    const known = new Map<string, string | undefined>();
    ids.forEach((id, n) => {
      const name = resolved[n];
      if (name !== NOT_FOUND) known.set(id, name || undefined);
    });
    return known;
  }

  /** Package states per instance, cached, at most `concurrency` OOS calls in flight. */
  private async statesOf(
    regionId: string,
    ids: string[],
  ): Promise<Array<{ packages: InstalledPackage[] } | { error: unknown }>> {
    const results: Array<{ packages: InstalledPackage[] } | { error: unknown }> = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const n = next++;
        const id = ids[n] as string;
        try {
          results[n] = { packages: await this.statesOfOne(regionId, id) };
        } catch (error) {
          this.log.warn({ err: error, instanceId: id, regionId }, 'could not read package states');
          results[n] = { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, ids.length) }, worker));
    return results;
  }

  private statesOfOne(regionId: string, instanceId: string): Promise<InstalledPackage[]> {
    const key = `${regionId}|${instanceId}`;
    const now = this.deps.clock.now().getTime();
    const cached = this.states.get(key);
    if (cached && this.fresh(cached, now)) return cached.value;
    this.prune(this.states, now);
    const value = this.deps.oos.listInstancePackageStates({ regionId, instanceId });
    this.states.set(key, { value, at: now });
    value.catch(() => {
      if (this.states.get(key)?.value === value) this.states.delete(key);
    });
    return value;
  }

  /** Keeps a cache from growing without bound: drops expired entries once it is large. */
  private prune(cache: Map<string, Cached<unknown>>, now: number): void {
    if (cache.size < CACHE_PRUNE_AT) return;
    for (const [key, entry] of cache) if (!this.fresh(entry, now)) cache.delete(key);
  }

  private fresh(cached: Cached<unknown> | undefined, now: number): cached is Cached<unknown> {
    return cached !== undefined && now - cached.at < this.ttlMs;
  }

  /** Which installs the user requested (package|instance), and whether they may approve here. */
  private async entitlement(
    userId: string,
    channelId: string,
  ): Promise<{ approver: boolean; requested: Set<string> }> {
    const [approver, mine] = await Promise.all([
      this.deps.mayApprove(userId, channelId).catch((err: unknown) => {
        this.log.warn({ err, userId }, 'could not tell whether the user may approve; treating as not');
        return false;
      }),
      this.deps.requests.list({ requester: userId, statuses: [...RAN] }),
    ]);
    const requested = new Set<string>();
    for (const request of mine) addRequested(requested, request);
    return { approver, requested };
  }
}

/** Marks an instance id that ECS does not know (a cached "no"). */
const NOT_FOUND = '\u0000not-found';

function addRequested(into: Set<string>, request: InstallRequest): void {
  for (const id of request.instanceIds) into.add(`${request.packageName}|${id}`);
}

/** Version number of `vN`, or NaN. */
function versionNumber(version: string): number {
  const match = /^v(\d+)$/i.exec(version.trim());
  return match ? Number(match[1]) : Number.NaN;
}

function describe(
  pkg: InstalledPackage,
  listed: ExtensionPackage | undefined,
  reveal: boolean,
): InstalledExtension {
  const latest = listed?.templateVersion || undefined;
  const installed = versionNumber(pkg.templateVersion);
  const newest = latest ? versionNumber(latest) : Number.NaN;
  const configuration = pkg.configuration ?? {};
  const keys = Object.keys(configuration);
  return {
    templateName: pkg.templateName,
    displayName: listed?.displayName ?? { en: pkg.templateName, zh: pkg.templateName },
    installedVersion: pkg.templateVersion,
    ...(latest ? { latestVersion: latest } : {}),
    newerAvailable: installed < newest,
    ...(pkg.updatedAt ? { updatedAt: pkg.updatedAt } : {}),
    configurationKeys: keys,
    ...(reveal && keys.length > 0
      ? {
          configuration: Object.fromEntries(
            keys.map((k) => {
              const value = configuration[k];
              return [k, typeof value === 'string' ? value : JSON.stringify(value)];
            }),
          ),
        }
      : {}),
  };
}

/** The same answer with every configuration value removed: what may be shown where others can see it. */
export function withoutSecrets(answer: InstalledAnswer): InstalledAnswer {
  return {
    ...answer,
    hasSecrets: false,
    instances: answer.instances.map((instance) => ({
      ...instance,
      extensions: instance.extensions.map(({ configuration: _secret, ...rest }) => rest),
    })),
  };
}
