/**
 * The extension catalog: public OOS Package templates, cached with a TTL, refreshed by one call at a
 * time, and served stale (with its age and the error) when a refresh fails.
 */
import type { ExtensionPackage, PackageDetails } from '../model.js';
import type { Clock, Logger, OosPort } from '../ports.js';
import { toExtensionPackage } from './description.js';
import { toPackageDetails } from './parameters.js';

/** The catalog as one `list()` call saw it. */
export interface CatalogSnapshot {
  /** Sorted by English display name (then template name). */
  packages: ExtensionPackage[];
  /** When these packages were fetched from OOS. */
  fetchedAt: Date;
  /** True when no ListTemplates call was made (or it failed and the old catalog is served). */
  fromCache: boolean;
  /** Set when the refresh failed and an older catalog is served instead. */
  stale?: { ageMs: number; error: unknown };
}

/** Dependencies of CatalogService. */
export interface CatalogServiceOptions {
  oos: OosPort;
  /** Region the public templates are listed and read in. */
  regionId: string;
  /** How long a fetched catalog (or package's details) is served without asking OOS again. */
  ttlMs: number;
  clock: Clock;
  logger: Logger;
}

interface Cached<T> {
  value: T;
  fetchedAt: Date;
}

function displayKey(pkg: ExtensionPackage): string {
  return (pkg.displayName.en || pkg.displayName.zh || pkg.templateName).toLowerCase();
}

function byDisplayName(a: ExtensionPackage, b: ExtensionPackage): number {
  return displayKey(a).localeCompare(displayKey(b)) || a.templateName.localeCompare(b.templateName);
}

/** Lists and describes extensions, hiding OOS latency and short outages behind a cache. */
export class CatalogService {
  private readonly oos: OosPort;
  private readonly regionId: string;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private catalog?: Cached<ExtensionPackage[]>;
  private refreshing?: Promise<CatalogSnapshot>;
  private readonly detailsCache = new Map<string, Cached<PackageDetails>>();
  private readonly detailsInFlight = new Map<string, Promise<PackageDetails>>();

  constructor(options: CatalogServiceOptions) {
    this.oos = options.oos;
    this.regionId = options.regionId;
    this.ttlMs = options.ttlMs;
    this.clock = options.clock;
    this.logger = options.logger.child({ component: 'catalog' });
  }

  /** The catalog: cached while fresh, else refreshed (concurrent callers share one refresh). */
  list(): Promise<CatalogSnapshot> {
    const cached = this.catalog;
    if (cached && this.isFresh(cached)) {
      return Promise.resolve({ packages: cached.value, fetchedAt: cached.fetchedAt, fromCache: true });
    }
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** One package of the catalog by TemplateName (exact, then case-insensitive). */
  async find(templateName: string): Promise<ExtensionPackage | undefined> {
    const { packages } = await this.list();
    const lower = templateName.toLowerCase();
    return (
      packages.find((pkg) => pkg.templateName === templateName) ??
      packages.find((pkg) => pkg.templateName.toLowerCase() === lower)
    );
  }

  /** A package with its install parameters (GetTemplate), cached per name; one call per name at a time. */
  details(templateName: string): Promise<PackageDetails> {
    const cached = this.detailsCache.get(templateName);
    if (cached && this.isFresh(cached)) return Promise.resolve(cached.value);
    let pending = this.detailsInFlight.get(templateName);
    if (!pending) {
      pending = this.fetchDetails(templateName).finally(() => {
        this.detailsInFlight.delete(templateName);
      });
      this.detailsInFlight.set(templateName, pending);
    }
    return pending;
  }

  private isFresh(cached: Cached<unknown>): boolean {
    return this.clock.now().getTime() - cached.fetchedAt.getTime() < this.ttlMs;
  }

  private async refresh(): Promise<CatalogSnapshot> {
    try {
      const templates = await this.oos.listTemplates({
        regionId: this.regionId,
        templateType: 'Package',
        shareType: 'Public',
      });
      const unique = new Map(templates.map((template) => [template.templateName, template]));
      const packages = [...unique.values()].map(toExtensionPackage).sort(byDisplayName);
      const fetchedAt = this.clock.now();
      this.catalog = { value: packages, fetchedAt };
      this.logger.debug({ count: packages.length }, 'catalog refreshed');
      return { packages, fetchedAt, fromCache: false };
    } catch (error) {
      const old = this.catalog;
      if (!old) throw error;
      const ageMs = this.clock.now().getTime() - old.fetchedAt.getTime();
      this.logger.warn({ err: error, ageMs }, 'catalog refresh failed; serving the previous catalog');
      return { packages: old.value, fetchedAt: old.fetchedAt, fromCache: true, stale: { ageMs, error } };
    }
  }

  private async fetchDetails(templateName: string): Promise<PackageDetails> {
    const doc = await this.oos.getTemplate({ regionId: this.regionId, templateName });
    const listed = await this.find(doc.summary.templateName || templateName).catch((error: unknown) => {
      this.logger.debug({ err: error, templateName }, 'catalog unavailable; describing from GetTemplate');
      return undefined;
    });
    const details = toPackageDetails(listed ?? toExtensionPackage(doc.summary), doc);
    this.detailsCache.set(templateName, { value: details, fetchedAt: this.clock.now() });
    return details;
  }
}
