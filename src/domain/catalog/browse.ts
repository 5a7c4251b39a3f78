/**
 * Browsing the catalog (scenario 1): filter by category or words, group by category.
 */
import type { ExtensionPackage } from '../model.js';
import { canonicalWord, editDistance, matchPackages } from './fuzzy.js';

/** Packages of one category, for a grouped listing. */
export interface CategoryGroup {
  category: string;
  packages: ExtensionPackage[];
}

/** Result of filtering: the packages, and the category when the words named one. */
export interface BrowseResult {
  packages: ExtensionPackage[];
  /** Set when the words were taken as a category name. */
  category?: string;
}

/** Least score for a word search in a listing (looser than a support check). */
const LIST_MIN_SCORE = 0.5;

function compareCategories(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'other') return 1;
  if (b === 'other') return -1;
  return a.localeCompare(b);
}

/** Every category of the catalog, alphabetical with `other` last. */
export function categoriesOf(packages: readonly ExtensionPackage[]): string[] {
  return [...new Set(packages.flatMap((pkg) => pkg.categories))].sort(compareCategories);
}

/** Packages grouped by category (a package with several categories is in each), groups ordered. */
export function groupByCategory(packages: readonly ExtensionPackage[]): CategoryGroup[] {
  return categoriesOf(packages).map((category) => ({
    category,
    packages: packages.filter((pkg) => pkg.categories.includes(category)),
  }));
}

function findCategory(words: string, categories: readonly string[]): string | undefined {
  const lower = words.trim().toLowerCase();
  const canonical = canonicalWord(words);
  const exact = categories.find(
    (category) => category === lower || category === canonical || canonicalWord(category) === canonical,
  );
  if (exact) return exact;
  const singular = canonical.replace(/s$/, '');
  if (singular.length < 4 || canonical.includes(' ')) return undefined;
  return categories.find((category) => editDistance(singular, category.replace(/s$/, '')) <= 1);
}

/**
 * `list [words]` with what the words were taken as: all packages when there are none; a category's
 * packages when they name a category (exactly or with a small typo); else a fuzzy search, best first.
 */
export function browsePackages(packages: readonly ExtensionPackage[], words: string): BrowseResult {
  if (words.trim() === '') return { packages: [...packages] };
  const category = findCategory(words, categoriesOf(packages));
  if (category) return { packages: packages.filter((pkg) => pkg.categories.includes(category)), category };
  return { packages: matchPackages(words, packages, { minScore: LIST_MIN_SCORE }).map((match) => match.pkg) };
}

/** The packages `list [words]` shows (see browsePackages). */
export function filterPackages(packages: readonly ExtensionPackage[], words: string): ExtensionPackage[] {
  return browsePackages(packages, words).packages;
}
