/**
 * Scenario 1: the extension catalog as a paged Slack message, grouped by category, optionally filtered.
 */
import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { CatalogSnapshot } from '../../domain/catalog/catalog-service.js';
import { type ExtensionPackage, type Locale, pickText } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { checkMessageLimits, SlackLimits } from './limits.js';
import {
  andMore,
  bold,
  code,
  escapeAndTruncate,
  escapeMrkdwn,
  formatAge,
  joinLines,
  link,
  type Message,
  mrkdwnText,
  plainText,
  safeHttpUrl,
  truncate,
} from './text.js';

/** What the paging buttons carry in their value (JSON). */
export interface CatalogPageValue {
  page: number;
  filter?: string;
}

/** Packages shown on one catalog page; keeps a page far below 50 blocks. */
export const CATALOG_PAGE_SIZE = 12;

/** Longest filter kept in a paging button's value. */
const MAX_FILTER_IN_VALUE = 200;

/**
 * Serialized size one page aims for. Slack's cumulative cap (`msg_blocks_too_long`) is undocumented and
 * seems to count more than text objects, so the whole JSON is measured, with a margin.
 */
const PAGE_JSON_BUDGET = 11_000;

type Detail = { description: number; docLink: boolean; image: boolean };
const FULL: Detail = { description: 280, docLink: true, image: true };
const COMPACT: Detail = { description: 120, docLink: false, image: false };

/** A readable name for a raw category key (`application` → "Applications" / "应用"). */
export function categoryLabel(category: string | undefined, locale: Locale): string {
  const key = (category ?? '').trim().toLowerCase();
  const known = messagesFor(locale).categories[key || 'other'];
  if (known) return known;
  const words = key.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** True when every word of the filter appears in the package's names, description or categories. */
export function matchesFilter(pkg: ExtensionPackage, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    pkg.templateName,
    pkg.displayName.en,
    pkg.displayName.zh,
    pkg.description.en,
    pkg.description.zh,
    ...pkg.categories,
    ...pkg.categories.flatMap((c) => [categoryLabel(c, 'en'), categoryLabel(c, 'zh')]),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * Renders one page of the catalog (1-based; out-of-range pages are clamped). `snapshot` is the whole
 * catalog; `matches`, when given, are the packages the catalog domain matched for `filter` — otherwise
 * the view filters with `matchesFilter`.
 */
export function renderCatalog(input: {
  snapshot: CatalogSnapshot;
  filter?: string;
  matches?: readonly ExtensionPackage[];
  page: number;
  locale: Locale;
}): Message {
  const { snapshot, locale } = input;
  const filter = (input.filter ?? '').trim();
  const matches = input.matches ?? snapshot.packages.filter((pkg) => matchesFilter(pkg, filter));
  const sorted = sortForCatalog(matches, locale);
  if (sorted.length === 0) return renderNoMatch(snapshot, filter, locale);

  const pageCount = Math.ceil(sorted.length / CATALOG_PAGE_SIZE);
  const page = Math.min(Math.max(1, Math.trunc(input.page) || 1), pageCount);
  const first = (page - 1) * CATALOG_PAGE_SIZE;
  const shown = sorted.slice(first, first + CATALOG_PAGE_SIZE);
  const range = { from: first + 1, to: first + shown.length, total: sorted.length, page, pageCount };

  const full = { text: fallbackText(shown, range, filter, locale), blocks: pageBlocks(FULL) };
  if (checkMessageLimits(full).length === 0 && JSON.stringify(full.blocks).length <= PAGE_JSON_BUDGET)
    return full;
  return { text: full.text, blocks: pageBlocks(COMPACT) };

  function pageBlocks(detail: Detail): KnownBlock[] {
    const blocks: KnownBlock[] = [titleBlock(filter, locale)];
    if (snapshot.stale) blocks.push(staleBlock(snapshot.stale.ageMs, locale));
    let category: string | undefined;
    for (const pkg of shown) {
      const label = categoryLabel(pkg.categories[0], locale);
      if (label !== category) {
        category = label;
        blocks.push({ type: 'header', text: plainText(label, SlackLimits.headerText) });
      }
      blocks.push(packageSection(pkg, detail, locale));
    }
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'context', elements: [mrkdwnText(rangeText(range, locale))] });
    blocks.push(...pagingBlocks(page, pageCount, filter, locale));
    blocks.push(hintBlock(locale));
    return blocks;
  }
}

/** Parses a paging button's value; anything malformed means page 1 without filter. */
export function parseCatalogPageValue(value: string | undefined): CatalogPageValue {
  try {
    const parsed = JSON.parse(value ?? '') as { page?: unknown; filter?: unknown };
    const page =
      typeof parsed.page === 'number' && Number.isFinite(parsed.page) ? Math.trunc(parsed.page) : 1;
    const filter = typeof parsed.filter === 'string' && parsed.filter.trim() ? parsed.filter : undefined;
    return filter === undefined ? { page } : { page, filter };
  } catch {
    return { page: 1 };
  }
}

interface Range {
  from: number;
  to: number;
  total: number;
  page: number;
  pageCount: number;
}

function sortForCatalog(packages: readonly ExtensionPackage[], locale: Locale): ExtensionPackage[] {
  const other = categoryLabel('other', locale);
  return [...packages].sort((a, b) => {
    const ca = categoryLabel(a.categories[0], locale);
    const cb = categoryLabel(b.categories[0], locale);
    if (ca !== cb) {
      if (ca === other) return 1;
      if (cb === other) return -1;
      return ca.localeCompare(cb, 'en');
    }
    return displayName(a, locale).localeCompare(displayName(b, locale), 'en', { sensitivity: 'base' });
  });
}

function displayName(pkg: ExtensionPackage, locale: Locale): string {
  return pickText(pkg.displayName, locale) || pkg.templateName;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function titleBlock(filter: string, locale: Locale): KnownBlock {
  const words = messagesFor(locale).catalog;
  const title = filter ? words.titleFiltered(filter) : words.title;
  return { type: 'header', text: plainText(title, SlackLimits.headerText) };
}

function staleBlock(ageMs: number, locale: Locale): KnownBlock {
  const text = messagesFor(locale).catalog.stale(formatAge(ageMs, locale));
  return { type: 'context', elements: [mrkdwnText(text)] };
}

function packageSection(pkg: ExtensionPackage, detail: Detail, locale: Locale): SectionBlock {
  const words = messagesFor(locale).catalog;
  const name = truncate(displayName(pkg, locale), 80);
  const lines = [`${bold(name)}  ${code(truncate(pkg.templateName, 120))}`];
  const description = oneLine(pickText(pkg.description, locale));
  lines.push(description ? escapeAndTruncate(description, detail.description) : words.noDescription);
  const docUrl = safeHttpUrl(pickText(pkg.docUrl, locale), 500);
  if (detail.docLink && docUrl) lines.push(link(docUrl, words.documentation));
  const section: SectionBlock = { type: 'section', text: mrkdwnText(lines.join('\n')) };
  const imageUrl = safeHttpUrl(pkg.imageUrl, 500);
  if (detail.image && imageUrl) {
    section.accessory = { type: 'image', image_url: imageUrl, alt_text: truncate(name, SlackLimits.altText) };
  }
  return section;
}

function rangeText(range: Range, locale: Locale): string {
  return messagesFor(locale).catalog.range(range);
}

/**
 * Previous/Next, each in its own actions block so both keep the exact action id `list_page`
 * (action ids must be unique within a block).
 */
function pagingBlocks(page: number, pageCount: number, filter: string, locale: Locale): KnownBlock[] {
  const button = (target: number, label: string): Button => {
    const body: CatalogPageValue = filter
      ? { page: target, filter: truncate(filter, MAX_FILTER_IN_VALUE) }
      : { page: target };
    return {
      type: 'button',
      action_id: ActionIds.listPage,
      text: plainText(label, SlackLimits.buttonText),
      value: JSON.stringify(body),
    };
  };
  const words = messagesFor(locale).catalog;
  const blocks: KnownBlock[] = [];
  if (page > 1) {
    blocks.push({
      type: 'actions',
      block_id: 'list_page_prev',
      elements: [button(page - 1, words.previous)],
    });
  }
  if (page < pageCount) {
    blocks.push({ type: 'actions', block_id: 'list_page_next', elements: [button(page + 1, words.next)] });
  }
  return blocks;
}

function hintBlock(locale: Locale): KnownBlock {
  return { type: 'context', elements: [mrkdwnText(messagesFor(locale).catalog.hint)] };
}

function renderNoMatch(snapshot: CatalogSnapshot, filter: string, locale: Locale): Message {
  const words = messagesFor(locale).catalog;
  const categories = [
    ...new Set(snapshot.packages.map((p) => categoryLabel(p.categories[0], locale))),
  ].sort();
  const blocks: KnownBlock[] = [];
  if (snapshot.stale) blocks.push(staleBlock(snapshot.stale.ageMs, locale));
  if (snapshot.packages.length === 0) {
    blocks.push({ type: 'section', text: mrkdwnText(words.empty) });
    return { text: words.empty, blocks };
  }
  const intro = words.noMatchIntro(escapeAndTruncate(filter, 200));
  const list = joinLines(
    categories.map((c) => `• ${escapeMrkdwn(c)}`),
    SlackLimits.text - intro.length - 1,
    (n) => andMore(n, locale),
  );
  blocks.push({ type: 'section', text: mrkdwnText(`${intro}\n${list}`) });
  blocks.push({ type: 'context', elements: [mrkdwnText(words.noMatchHint)] });
  return { text: words.noMatch(escapeMrkdwn(truncate(filter, 200))), blocks };
}

function fallbackText(shown: ExtensionPackage[], range: Range, filter: string, locale: Locale): string {
  const names = shown.map((p) => escapeMrkdwn(truncate(displayName(p, locale), 80))).join(', ');
  const shownFilter = filter ? escapeMrkdwn(truncate(filter, 100)) : '';
  const text = messagesFor(locale).catalog.fallback(shownFilter, rangeText(range, locale), names);
  return truncate(text, SlackLimits.text);
}
