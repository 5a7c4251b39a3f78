/**
 * Fuzzy matching of what people type ("bt panel", "nodejs", "宝塔", "dokcer") against the catalog:
 * normalised tokens, a small synonym table, typo tolerance and CJK substring matching.
 */
import type { ExtensionPackage } from '../model.js';
import { isOfficialPackage, parseTemplateName } from './description.js';

/** At or above this score a match is confident: the query names that package. */
export const CONFIDENT_MATCH_SCORE = 0.8;

/** Matches below this score are dropped unless the caller asks for a lower floor. */
export const DEFAULT_MIN_SCORE = 0.4;

/** Where a query matched a package. */
export type MatchField = 'templateName' | 'name' | 'displayName' | 'category' | 'description';

/** One package matched by a query. */
export interface PackageMatch {
  pkg: ExtensionPackage;
  /** 0..1; 1 means the query names the package exactly (after synonyms). */
  score: number;
  matchedOn: MatchField;
}

/** Options of `matchPackages`. */
export interface MatchOptions {
  /** Drop matches below this score (default DEFAULT_MIN_SCORE). */
  minScore?: number;
  /** Keep at most this many matches. */
  limit?: number;
}

/** Well-known aliases → the canonical token both queries and packages are reduced to. */
const SYNONYMS: Record<string, readonly string[]> = {
  node: ['nodejs', 'node js', 'node.js'],
  python: ['py', 'cpython'],
  golang: ['go', 'go lang'],
  docker: ['dockerce', 'docker ce', 'docker community edition', 'docker engine'],
  baota: [
    'bt',
    'bt panel',
    'btpanel',
    'bt面板',
    'bao ta',
    'bao ta panel',
    'baota panel',
    'baotapanel',
    'baotapanelfree',
    'aapanel',
    '宝塔',
    '宝塔面板',
  ],
  java: ['jdk', 'openjdk', 'jre'],
  postgresql: ['postgres', 'pgsql', 'pg', 'postgre sql'],
  mongodb: ['mongo', 'mongo db'],
  kubernetes: ['k8s'],
  nvidia: ['nvidiadriver', 'nvidia driver', 'gpu driver', 'cuda', '显卡驱动', 'gpu驱动'],
  '1panel': ['onepanel', '1 panel'],
  database: ['databases', 'db', '数据库'],
};

/** Words that say nothing about which package is meant. */
const QUERY_STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'for',
  'of',
  'to',
  'on',
  'in',
  'is',
  'are',
  'do',
  'does',
  'you',
  'we',
  'i',
  'me',
  'my',
  'please',
  'extension',
  'extensions',
  'package',
  'packages',
  'plugin',
  'plugins',
  'install',
  'installation',
  'deploy',
  'setup',
  'one',
  'click',
  'oneclick',
  'supported',
  'support',
  'can',
  'have',
  'any',
  'available',
  'acs',
]);

/** Chinese filler removed from queries (longest first). */
const QUERY_CJK_FILLER = [
  '一键安装',
  '有没有',
  '能不能',
  '安装',
  '扩展',
  '插件',
  '一键',
  '软件',
  '部署',
  '支持',
  '是否',
  '可以',
];
const QUERY_CJK_PARTICLES = /^[吗呢吧啊的了个装有能]+|[吗呢吧啊的了个装有能]+$/g;

const HAN = /\p{Script=Han}/u;
/** Version numbers (`3`, `v22`) say nothing about which package is meant. */
const VERSION_WORD = /^v?\d+$/;

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{Script=Han})(?=[a-z0-9])/gu, '$1 ')
    .replace(/([a-z0-9])(?=\p{Script=Han})/gu, '$1 ')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ALIAS_RULES: Array<{ pattern: RegExp; canonical: string }> = Object.entries(SYNONYMS)
  .flatMap(([canonical, aliases]) => aliases.map((alias) => ({ alias: normalise(alias), canonical })))
  .sort((a, b) => b.alias.length - a.alias.length)
  .map(({ alias, canonical }) => ({
    pattern: HAN.test(alias)
      ? new RegExp(escapeRegExp(alias), 'gu')
      : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(alias)}(?![\\p{L}\\p{N}])`, 'gu'),
    canonical,
  }));

const SINGLE_ALIASES = new Map(
  Object.entries(SYNONYMS).flatMap(([canonical, aliases]) =>
    aliases.map((alias) => [normalise(alias).replace(/ /g, ''), canonical] as const),
  ),
);

function applyAliases(text: string): string {
  let result = ` ${text} `;
  for (const rule of ALIAS_RULES) result = result.replace(rule.pattern, ` ${rule.canonical} `);
  return result.replace(/\s+/g, ' ').trim();
}

/** `python3` → `python`, `php8` → `php`; other words unchanged. */
function withoutVersion(word: string): string {
  const match = /^([a-z]{2,})\d+$/.exec(word);
  if (!match) return word;
  return SINGLE_ALIASES.get(match[1]!) ?? match[1]!;
}

/** A text reduced to what matching compares. */
interface Analysed {
  /** Canonical words in order (latin tokens and CJK runs). */
  words: string[];
  /** Every token the text can be matched on (words, raw forms, compact form). */
  tokens: Set<string>;
  /** Canonical words without bare numbers, joined by spaces. */
  canon: string;
  /** The whole normalised text after synonyms (for CJK substring tests). */
  text: string;
}

function analyse(raw: string, splitCamel: boolean): Analysed {
  const variants = [raw];
  if (splitCamel)
    variants.push(raw.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2'));
  const tokens = new Set<string>();
  let words: string[] = [];
  let text = '';
  for (const [index, variant] of variants.entries()) {
    const normalised = normalise(variant);
    const aliased = applyAliases(normalised);
    const variantWords = aliased === '' ? [] : aliased.split(' ').map(withoutVersion);
    const raws = normalised === '' ? [] : normalised.split(' ');
    for (const word of [...variantWords, ...raws]) tokens.add(word);
    const compact = raws.length <= 4 ? raws.filter((word) => !HAN.test(word)).join('') : '';
    if (compact !== '') {
      tokens.add(compact);
      const alias = SINGLE_ALIASES.get(compact);
      if (alias) tokens.add(alias);
    }
    if (index === 0) {
      words = variantWords;
      text = aliased;
    }
  }
  const canon = words.filter((word) => !/^\d+$/.test(word)).join(' ');
  return { words, tokens, canon, text };
}

function analyseQuery(query: string): Analysed {
  const base = analyse(query, false);
  const words = base.words
    .flatMap((word) => {
      if (!HAN.test(word)) return QUERY_STOPWORDS.has(word) ? [] : [word];
      let rest = word;
      for (const filler of QUERY_CJK_FILLER) rest = rest.split(filler).join(' ');
      return rest
        .split(' ')
        .map((part) => part.replace(QUERY_CJK_PARTICLES, ''))
        .filter((part) => part !== '');
    })
    .filter((word) => word !== '' && !VERSION_WORD.test(word));
  return { ...base, words, canon: words.join(' ') };
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function latinTokenScore(query: string, token: string): number {
  if (query === token) return 1;
  if (HAN.test(token)) return 0;
  const longest = Math.max(query.length, token.length);
  // Beyond half the length apart the similarity below cannot reach 0.5, so skip the distance.
  const distance =
    Math.abs(query.length - token.length) * 2 <= longest
      ? editDistance(query, token)
      : Number.POSITIVE_INFINITY;
  if (query.length >= 4 && distance === 1) return 0.85;
  if (query.length >= 7 && distance === 2) return 0.7;
  if (query.length >= 3 && token.startsWith(query)) return 0.75;
  if (token.length >= 4 && query.startsWith(token)) return 0.7;
  if (query.length >= 3 && token.includes(query)) return 0.6;
  if (query.length < 3 || token.length < 3) return 0;
  const similarity = 1 - distance / longest;
  return similarity >= 0.5 ? similarity * 0.6 : 0;
}

function bigrams(text: string): string[] {
  const result: string[] = [];
  for (let i = 0; i < text.length - 1; i++) result.push(text.slice(i, i + 2));
  return result;
}

function cjkScore(query: string, field: Analysed): number {
  if (field.text.includes(query)) return 1;
  const runs = [...field.tokens].filter((token) => HAN.test(token));
  if (runs.some((run) => run.length >= 2 && query.includes(run))) return 0.8;
  const queryGrams = bigrams(query);
  let best = 0;
  for (const run of runs) {
    const runGrams = bigrams(run);
    if (queryGrams.length === 0 || runGrams.length === 0) continue;
    const shared = queryGrams.filter((gram) => runGrams.includes(gram)).length;
    best = Math.max(best, (2 * shared) / (queryGrams.length + runGrams.length));
  }
  return best >= 0.5 ? best * 0.8 : 0;
}

/** Token scores of one query word, memoised for the duration of one `matchPackages` call. */
type ScoreMemo = Map<string, number>;

function wordScore(word: string, field: Analysed, memo: ScoreMemo): number {
  if (HAN.test(word)) return cjkScore(word, field);
  let best = 0;
  for (const token of field.tokens) {
    const key = `${word}\u0000${token}`;
    let score = memo.get(key);
    if (score === undefined) {
      score = latinTokenScore(word, token);
      memo.set(key, score);
    }
    if (score > best) best = score;
  }
  return best;
}

/** How well the query matches one field: 1 for the same name, else the mean of its words' best scores. */
function fieldScore(query: Analysed, field: Analysed, memo: ScoreMemo): number {
  if (query.words.length === 0 || field.words.length === 0) return 0;
  if (query.canon !== '' && query.canon === field.canon) return 1;
  let sum = 0;
  for (const word of query.words) sum += wordScore(word, field, memo);
  return Math.min(0.95, sum / query.words.length);
}

interface PackageFields {
  fields: Array<{ on: MatchField; weight: number; analysed: Analysed }>;
}

const analysedPackages = new WeakMap<ExtensionPackage, PackageFields>();

function fieldsOf(pkg: ExtensionPackage): PackageFields {
  const cached = analysedPackages.get(pkg);
  if (cached) return cached;
  const entries: Array<[MatchField, number, string, boolean]> = [
    ['name', 1, parseTemplateName(pkg.templateName).name, true],
    ['displayName', 1, pkg.displayName.en, true],
    ['displayName', 1, pkg.displayName.zh, false],
    ...pkg.categories.map((category): [MatchField, number, string, boolean] => [
      'category',
      0.9,
      category,
      false,
    ]),
    ['description', 0.6, pkg.description.en, false],
    ['description', 0.6, pkg.description.zh, false],
  ];
  const result: PackageFields = {
    fields: entries
      .filter(([, , text]) => text.trim() !== '')
      .map(([on, weight, text, camel]) => ({ on, weight, analysed: analyse(text, camel) })),
  };
  analysedPackages.set(pkg, result);
  return result;
}

function scorePackage(
  rawQuery: string,
  query: Analysed,
  pkg: ExtensionPackage,
  memo: ScoreMemo,
): PackageMatch {
  if (rawQuery.trim().toLowerCase() === pkg.templateName.toLowerCase()) {
    return { pkg, score: 1, matchedOn: 'templateName' };
  }
  let best: PackageMatch = { pkg, score: 0, matchedOn: 'name' };
  for (const field of fieldsOf(pkg).fields) {
    const score = fieldScore(query, field.analysed, memo) * field.weight;
    if (score > best.score) best = { pkg, score, matchedOn: field.on };
  }
  return best;
}

function sortKey(pkg: ExtensionPackage): string {
  return (pkg.displayName.en || pkg.displayName.zh || pkg.templateName).toLowerCase();
}

/** Orders matches best first; equal scores put the official publisher first, then by name. */
export function compareMatches(a: PackageMatch, b: PackageMatch): number {
  if (b.score !== a.score) return b.score - a.score;
  const official = Number(isOfficialPackage(b.pkg)) - Number(isOfficialPackage(a.pkg));
  if (official !== 0) return official;
  return sortKey(a.pkg).localeCompare(sortKey(b.pkg));
}

/** True when a match is good enough to say "the query names this package". */
export function isConfidentMatch(match: Pick<PackageMatch, 'score'>): boolean {
  return match.score >= CONFIDENT_MATCH_SCORE;
}

/** Packages matching the query, best first (see CONFIDENT_MATCH_SCORE for "confident"). */
export function matchPackages(
  query: string,
  packages: readonly ExtensionPackage[],
  opts: MatchOptions = {},
): PackageMatch[] {
  const analysed = analyseQuery(query);
  const minScore = opts.minScore ?? DEFAULT_MIN_SCORE;
  const memo: ScoreMemo = new Map();
  const matches = packages
    .map((pkg) => scorePackage(query, analysed, pkg, memo))
    .filter((match) => match.score > 0 && match.score >= minScore)
    .sort(compareMatches);
  return opts.limit === undefined ? matches : matches.slice(0, opts.limit);
}

/** The canonical form of a word for category comparisons (`数据库` → `database`, `Databases` → `database`). */
export function canonicalWord(text: string): string {
  return analyseQuery(text).canon;
}
