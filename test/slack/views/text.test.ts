import { describe, expect, it } from 'vitest';
import {
  andMore,
  bold,
  code,
  escapeAndTruncate,
  escapeMrkdwn,
  formatAge,
  joinLines,
  link,
  safeHttpUrl,
  truncate,
} from '../../../src/slack/views/text.js';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > only', () => {
    const escaped = escapeMrkdwn('a & b <@U1> *c*');

    expect(escaped).toBe('a &amp; b &lt;@U1&gt; *c*');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with a visible ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('abcdefghij', 5)).toHaveLength(5);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4);

    expect(cut).toBe('ab…');
  });
});

describe('escapeAndTruncate', () => {
  it('does not leave half an entity behind', () => {
    const cut = escapeAndTruncate('abc&def', 6);

    expect(cut).toBe('abc…');
  });
});

describe('inline formatting', () => {
  it('escapes code, bold and links', () => {
    expect(code('a`b<c>')).toBe("`a'b&lt;c&gt;`");
    expect(bold('x*y&z')).toBe('*xy&amp;z*');
    expect(link('https://example.com/a?b=1|2', 'Docs <here>')).toBe(
      '<https://example.com/a?b=1%7C2|Docs &lt;here&gt;>',
    );
  });

  it('drops links that are not http(s) or too long', () => {
    expect(link('javascript:alert(1)', 'Docs')).toBe('Docs');
    expect(safeHttpUrl(`https://example.com/${'a'.repeat(600)}`, 500)).toBeUndefined();
    expect(safeHttpUrl('https://example.com/with space')).toBeUndefined();
  });
});

describe('joinLines', () => {
  const more = (n: number) => `…and ${n} more`;

  it('joins everything that fits', () => {
    expect(joinLines(['a', 'b', 'c'], 100, more)).toBe('a\nb\nc');
  });

  it('summarises the lines that do not fit within the character budget', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);

    const joined = joinLines(lines, 200, more);

    expect(joined.length).toBeLessThanOrEqual(200);
    const kept = joined.split('\n');
    expect(kept.at(-1)).toBe(`…and ${50 - (kept.length - 1)} more`);
  });

  it('honours a line count limit', () => {
    const joined = joinLines(['a', 'b', 'c', 'd'], 100, more, 2);

    expect(joined).toBe('a\nb\n…and 2 more');
  });

  it('cuts a single over-long first line', () => {
    const joined = joinLines(['y'.repeat(500), 'z'], 100, more);

    expect(joined.length).toBeLessThanOrEqual(100);
    expect(joined.endsWith('…\n…and 1 more')).toBe(true);
  });
});

describe('localized helpers', () => {
  it('says how many more and how old, in the wanted language', () => {
    expect(andMore(3, 'en')).toBe('…and 3 more');
    expect(andMore(3, 'zh')).toBe('…还有 3 项');
    expect(formatAge(14 * 60_000, 'en')).toBe('14 minutes ago');
    expect(formatAge(14 * 60_000, 'zh')).toBe('14 分钟前');
    expect(formatAge(5 * 3_600_000, 'en')).toBe('5 hours ago');
    expect(formatAge(10_000, 'en')).toBe('less than a minute ago');
  });
});
