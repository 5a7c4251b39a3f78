/**
 * What the install domain needs beyond the shared ports: the package catalog, package matching, target
 * extraction and Slack user-group membership. The composition root wires the real implementations.
 */
import type { ExtensionPackage, PackageDetails } from '../model.js';

/** Members of a Slack user group (S…); the Slack adapter implements it with usergroups.users.list. */
export interface UserGroupDirectory {
  /** User ids (U…/W…) of the group's members. */
  members(groupId: string): Promise<string[]>;
}

/** The slice of the catalog the install flow reads. */
export interface PackageCatalog {
  /** Every public extension package. */
  list(): Promise<{ packages: ExtensionPackage[] }>;
  /** One package with its install parameters; an unknown name rejects with a `not_found` error. */
  details(templateName: string): Promise<PackageDetails>;
}

/** A package matched by free words; `score` is 0..1 (1 = the words name it exactly). */
export interface ScoredPackage {
  pkg: ExtensionPackage;
  score: number;
}

/** Packages matching free words, best first (empty when nothing matches). */
export type MatchPackage = (words: string, packages: ExtensionPackage[]) => ScoredPackage[];

/** Instance ids and a region id found in free words, and the words left over. */
export interface ExtractedTargets {
  instanceIds: string[];
  regionId?: string;
  rest: string;
}

/** Takes instance ids and a region id out of free words. */
export type ExtractTargets = (words: string) => ExtractedTargets;
