/**
 * Scenario 2, "is X supported?": one confident match gives its details, a miss gives the nearest
 * alternatives, and equally good matches are ambiguous (unless one is the official build of the same thing).
 */
import type { ExtensionPackage, PackageDetails } from '../model.js';
import type { CatalogService } from './catalog-service.js';
import { isOfficialPackage } from './description.js';
import { isConfidentMatch, matchPackages, type PackageMatch } from './fuzzy.js';

/** The answer to "is X supported?". */
export type SupportAnswer =
  | { kind: 'supported'; details: PackageDetails; otherMatches: ExtensionPackage[] }
  | { kind: 'unsupported'; query: string; alternatives: ExtensionPackage[] }
  | { kind: 'ambiguous'; query: string; candidates: ExtensionPackage[] };

/** Scores this close to the best count as a tie. */
const TIE_MARGIN = 0.02;
/** Floor for "nearest" alternatives after a miss. */
const ALTERNATIVE_MIN_SCORE = 0.2;
/** Floor for the other good matches shown next to a supported package. */
const OTHER_MATCH_MIN_SCORE = 0.7;
const MAX_ALTERNATIVES = 5;
const MAX_OTHER_MATCHES = 5;
const MAX_CANDIDATES = 10;

/** Picks the one package the tied best matches mean, or undefined when they are truly ambiguous. */
function resolveTie(tied: PackageMatch[]): PackageMatch | undefined {
  if (tied.length === 1) return tied[0];
  const byName = tied.every((match) => match.matchedOn !== 'category' && match.matchedOn !== 'description');
  const official = tied.filter((match) => isOfficialPackage(match.pkg));
  return byName && official.length === 1 ? official[0] : undefined;
}

/** Answers whether the catalog supports what the query names. */
export async function checkSupport(catalog: CatalogService, query: string): Promise<SupportAnswer> {
  const { packages } = await catalog.list();
  const matches = matchPackages(query, packages, { minScore: ALTERNATIVE_MIN_SCORE });
  const best = matches[0];
  if (!best || !isConfidentMatch(best)) {
    return {
      kind: 'unsupported',
      query,
      alternatives: matches.slice(0, MAX_ALTERNATIVES).map((match) => match.pkg),
    };
  }
  const tied = matches.filter((match) => best.score - match.score <= TIE_MARGIN);
  const chosen = resolveTie(tied);
  if (!chosen) {
    return { kind: 'ambiguous', query, candidates: tied.slice(0, MAX_CANDIDATES).map((match) => match.pkg) };
  }
  const details = await catalog.details(chosen.pkg.templateName);
  const otherMatches = matches
    .filter((match) => match.pkg !== chosen.pkg && match.score >= OTHER_MATCH_MIN_SCORE)
    .slice(0, MAX_OTHER_MATCHES)
    .map((match) => match.pkg);
  return { kind: 'supported', details, otherMatches };
}
