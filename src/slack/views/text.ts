/**
 * Shared helpers of the Block Kit builders: the message shape, mrkdwn escaping, truncation with a visible
 * "…", bilingual strings, and small text-object factories that never exceed Slack's limits.
 */
import type { KnownBlock, MrkdwnElement, PlainTextElement } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { SlackLimits } from './limits.js';

/** What every message builder returns: blocks plus the fallback `text` used in notifications. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** The mark appended to cut text. */
export const ELLIPSIS = '…';

/** Escapes the three characters Slack's mrkdwn treats as control characters (& < >). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts `text` to at most `max` characters, ending with "…" when cut (never splits a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/** Escapes then cuts to `max`, never leaving half an entity such as `&am…`. */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  return cut.replace(/&[a-z]{0,3}…$/, ELLIPSIS);
}

/** A plain_text object cut to `max` characters (blank input becomes "-", as Slack refuses empty text). */
export function plainText(text: string, max: number = SlackLimits.text): PlainTextElement {
  return { type: 'plain_text', text: truncate(text.trim() === '' ? '-' : text, max), emoji: true };
}

/** A mrkdwn object cut to `max` characters (blank becomes "-"); the caller has already escaped user data. */
export function mrkdwnText(text: string, max: number = SlackLimits.text): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text.trim() === '' ? '-' : text, max) };
}

/** Inline code in mrkdwn: backticks removed from the value, & < > escaped. */
export function code(value: string): string {
  return '`' + escapeMrkdwn(value.replace(/`/g, "'")) + '`';
}

/** Bold in mrkdwn with escaping (asterisks inside the value are dropped so the bold stays closed). */
export function bold(value: string): string {
  return '*' + escapeMrkdwn(value.replace(/\*/g, '')) + '*';
}

/** A mrkdwn link for an http(s) URL, or just the label when the URL is unusable or too long. */
export function link(url: string | undefined, label: string, maxUrl = 500): string {
  const safeLabel = escapeMrkdwn(label.replace(/[|]/g, '/'));
  const safeUrl = safeHttpUrl(url, maxUrl);
  return safeUrl ? `<${safeUrl}|${safeLabel}>` : safeLabel;
}

/** The URL when it is http(s), has no whitespace and fits `max`; `<`, `>` and `|` are percent-encoded. */
export function safeHttpUrl(url: string | undefined, max: number = SlackLimits.url): string | undefined {
  if (!url || !/^https?:\/\/[^\s]+$/i.test(url)) return undefined;
  const encoded = url.replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return encoded.length <= max ? encoded : undefined;
}

/**
 * Joins lines with newlines into at most `max` characters and `maxLines` lines. Lines that do not fit are
 * replaced by `more(n)` (e.g. "…and 4 more"); a single line longer than `max` is cut.
 */
export function joinLines(
  lines: readonly string[],
  max: number,
  more: (count: number) => string,
  maxLines = Number.POSITIVE_INFINITY,
): string {
  const kept: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const remaining = lines.length - i - 1;
    const tail = remaining > 0 ? 1 + more(remaining).length : 0;
    const separator = kept.length > 0 ? 1 : 0;
    const fitsCount = kept.length < maxLines;
    if (fitsCount && length + separator + line.length + tail <= max) {
      kept.push(line);
      length += separator + line.length;
      continue;
    }
    if (kept.length > 0) {
      kept.push(more(lines.length - i));
      return kept.join('\n');
    }
    kept.push(truncate(line, max - tail));
    if (remaining > 0) kept.push(more(remaining));
    return kept.join('\n');
  }
  return kept.join('\n');
}

/** "…and N more" in the wanted language. */
export function andMore(count: number, locale: Locale): string {
  return messagesFor(locale).common.andMore(count);
}

/** A rough age ("14 minutes ago", "2 hours ago") for stale-data warnings. */
export function formatAge(ageMs: number, locale: Locale): string {
  const age = messagesFor(locale).common.age;
  const minutes = Math.max(0, Math.round(ageMs / 60_000));
  if (minutes < 1) return age.justNow;
  if (minutes < 120) return age.minutes(minutes);
  const hours = Math.round(minutes / 60);
  if (hours < 48) return age.hours(hours);
  return age.days(Math.round(hours / 24));
}

/** A fenced block of plain text: escaped, with fences inside broken so the block stays closed. */
export function fence(text: string): string {
  return `\`\`\`${escapeMrkdwn(text.replace(/```/g, "'''"))}\`\`\``;
}
