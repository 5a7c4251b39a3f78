/**
 * What OOS records as installed on an instance (ListInstancePackageStates), as the domain reads it.
 */

/** One extension OOS records on one instance. */
export interface InstalledPackage {
  instanceId: string;
  /** The extension's TemplateName. */
  templateName: string;
  /** The template version installed, e.g. `v27`; '' when OOS did not say. */
  templateVersion: string;
  /** When OOS last recorded it (ISO-8601 UTC), when it said. */
  updatedAt?: string;
  /** The extension's own install parameters. */
  parameters: Record<string, unknown>;
  /**
   * ConfigurationInfo, parsed: e.g. a panel's URL, user and password. Secret: shown masked except,
   * privately, to who may see it.
   */
  configuration?: Record<string, unknown>;
}
