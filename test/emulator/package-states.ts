/**
 * The emulator's per-instance package registry (what OOS keeps behind ListInstancePackageStates and
 * UpdateInstancePackageState), and how one loop item of the installer template changes it: install
 * records the version it ran, uninstall removes the record, update uninstalls the recorded version and
 * installs the new one. Which versions each loop item ran is kept so tests can assert it.
 */

/** One package recorded on one instance. */
export interface PackageStateRecord {
  regionId: string;
  instanceId: string;
  templateName: string;
  templateVersion: string;
  /** The package's own install parameters (wire `Parameters`, a JSON string). */
  parameters: Record<string, unknown>;
  /** Wire `ConfigurationInfo`: the package's OutputScript result, e.g. a panel's URL and login. */
  configurationInfo: string;
  updatedAt: number;
}

/** The template versions one loop item ran. */
export interface InstanceRun {
  instanceId: string;
  /** The version whose uninstall script ran (uninstall, and update when something was installed). */
  uninstallVersion?: string;
  /** The version whose install script ran and that is recorded on success (install, update). */
  installVersion?: string;
}

/** What an execution of the installer template ran, per instance. */
export interface PackageRun {
  executionId: string;
  action: 'install' | 'update' | 'uninstall';
  packageName: string;
  /** `packageVersion` as the caller sent it ('' = the newest version). */
  packageVersion: string;
  instances: InstanceRun[];
}

/** A finished loop item the registry has not applied yet. */
export interface FinishedItem {
  action: PackageRun['action'];
  regionId: string;
  packageName: string;
  run: InstanceRun;
  parameters: Record<string, unknown>;
  configurationInfo: string;
  endedAt: number;
}

const key = (regionId: string, instanceId: string, templateName: string) =>
  `${regionId}|${instanceId}|${templateName}`;

/** The registry of one emulator. */
export class PackageStates {
  private readonly records = new Map<string, PackageStateRecord>();

  /** The record of one package on one instance, if any. */
  get(regionId: string, instanceId: string, templateName: string): PackageStateRecord | undefined {
    return this.records.get(key(regionId, instanceId, templateName));
  }

  /** Every package recorded on an instance of a region, by name. */
  list(regionId: string, instanceId: string): PackageStateRecord[] {
    return [...this.records.values()]
      .filter((r) => r.regionId === regionId && r.instanceId === instanceId)
      .sort((a, b) => a.templateName.localeCompare(b.templateName));
  }

  /** Records (or replaces) one package on one instance. */
  set(record: PackageStateRecord): void {
    this.records.set(key(record.regionId, record.instanceId, record.templateName), { ...record });
  }

  /** Forgets one package on one instance. */
  remove(regionId: string, instanceId: string, templateName: string): void {
    this.records.delete(key(regionId, instanceId, templateName));
  }

  /**
   * Which versions a loop item runs, decided when it starts: install and uninstall use `packageVersion`
   * or, when it is empty, the newest version (as the real template does, which is why an uninstall must
   * name the installed version); update uninstalls what is recorded and installs `packageVersion` or the
   * newest.
   */
  planRun(
    action: PackageRun['action'],
    input: {
      regionId: string;
      instanceId: string;
      packageName: string;
      packageVersion: string;
      latest: string;
    },
  ): InstanceRun {
    const wanted = input.packageVersion || input.latest;
    if (action === 'install') return { instanceId: input.instanceId, installVersion: wanted };
    if (action === 'uninstall') return { instanceId: input.instanceId, uninstallVersion: wanted };
    const recorded = this.get(input.regionId, input.instanceId, input.packageName);
    return {
      instanceId: input.instanceId,
      ...(recorded ? { uninstallVersion: recorded.templateVersion } : {}),
      installVersion: wanted,
    };
  }

  /** Applies finished successful loop items in the order they ended (UpdateInstancePackageState). */
  apply(items: FinishedItem[]): void {
    for (const item of [...items].sort((a, b) => a.endedAt - b.endedAt)) {
      const { regionId, packageName, run } = item;
      if (item.action === 'uninstall' || run.installVersion === undefined) {
        this.remove(regionId, run.instanceId, packageName);
        continue;
      }
      this.set({
        regionId,
        instanceId: run.instanceId,
        templateName: packageName,
        templateVersion: run.installVersion,
        parameters: item.parameters,
        configurationInfo: item.configurationInfo,
        updatedAt: item.endedAt,
      });
    }
  }
}
