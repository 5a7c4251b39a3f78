/** A PackageCatalog over fixed packages, a simple word matcher, and builders for packages and parameters. */
import { DomainError } from '../../src/domain/errors.js';
import type { PackageCatalog, ScoredPackage } from '../../src/domain/install/ports.js';
import type { ExtensionPackage, PackageDetails, PackageParameter } from '../../src/domain/model.js';
import { tick } from './failures.js';

/** Builds an extension package (no OS constraint unless given). */
export function makePackage(templateName: string, fields: Partial<ExtensionPackage> = {}): ExtensionPackage {
  return {
    templateName,
    templateId: `t-${templateName.toLowerCase()}`,
    templateVersion: 'v3',
    displayName: { en: templateName, zh: '' },
    description: { en: '', zh: '' },
    categories: ['Other'],
    docUrl: { en: '', zh: '' },
    constraints: { osPlatforms: [], osTypes: [], osVersions: [], instanceTypeFamilies: [] },
    ...fields,
  };
}

/** Builds a package parameter (String, optional with a default, unless told otherwise). */
export function makeParameter(name: string, fields: Partial<PackageParameter> = {}): PackageParameter {
  return {
    name,
    type: 'String',
    label: { en: name, zh: '' },
    description: { en: '', zh: '' },
    required: fields.default === undefined && fields.required !== false,
    secret: false,
    ...fields,
  };
}

/** Catalog for tests: `details` rejects with not_found for unknown names. */
export class FakeCatalog implements PackageCatalog {
  readonly #details = new Map<string, PackageDetails>();
  listCalls = 0;

  constructor(details: PackageDetails[] = []) {
    for (const d of details) this.#details.set(d.package.templateName, d);
  }

  /** Adds a package with its parameters. */
  add(pkg: ExtensionPackage, parameters: PackageParameter[] = []): PackageDetails {
    const details = { package: pkg, templateVersion: pkg.templateVersion, parameters };
    this.#details.set(pkg.templateName, details);
    return details;
  }

  async list(): Promise<{ packages: ExtensionPackage[] }> {
    this.listCalls += 1;
    await tick();
    return { packages: [...this.#details.values()].map((d) => d.package) };
  }

  async details(templateName: string): Promise<PackageDetails> {
    await tick();
    const found = this.#details.get(templateName);
    if (!found) throw new DomainError('not_found', `No package ${templateName}.`);
    return structuredClone(found);
  }
}

/** Scores 1 when the words equal a display name, 0.5 when they appear in the template name. */
export function matchByWords(words: string, packages: ExtensionPackage[]): ScoredPackage[] {
  const w = words.toLowerCase();
  return packages
    .map((pkg) => ({
      pkg,
      score:
        pkg.displayName.en.toLowerCase() === w ? 1 : pkg.templateName.toLowerCase().includes(w) ? 0.5 : 0,
    }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score);
}
