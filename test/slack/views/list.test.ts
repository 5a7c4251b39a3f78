import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { CatalogSnapshot } from '../../../src/domain/catalog/catalog-service.js';
import type { ExtensionPackage } from '../../../src/domain/model.js';
import { ActionIds } from '../../../src/slack/ids.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import {
  CATALOG_PAGE_SIZE,
  categoryLabel,
  parseCatalogPageValue,
  renderCatalog,
} from '../../../src/slack/views/list.js';

function pkg(name: string, overrides: Partial<ExtensionPackage> = {}): ExtensionPackage {
  return {
    templateName: `ACS-Extension-${name}-0000000000000001`,
    templateId: `t-${name.toLowerCase()}`,
    templateVersion: 'v3',
    displayName: { en: name, zh: `${name}（中文）` },
    description: { en: `${name} one-click install`, zh: `${name} 一键安装` },
    categories: ['application'],
    docUrl: { en: `https://help.example.com/${name}`, zh: '' },
    constraints: { osPlatforms: [], osTypes: [], osVersions: [], instanceTypeFamilies: [] },
    ...overrides,
  };
}

const CATEGORIES = ['application', 'database', 'runtime', 'ai', 'devops', 'security', 'monitoring'];

function bigCatalog(count: number): ExtensionPackage[] {
  return Array.from({ length: count }, (_, i) =>
    pkg(`Pkg${String(i).padStart(3, '0')}`, {
      categories: [CATEGORIES[i % CATEGORIES.length] ?? 'other'],
      imageUrl: i % 2 === 0 ? `https://img.example.com/${i}.png` : undefined,
    }),
  );
}

const FETCHED_AT = new Date('2025-03-01T10:00:00Z');

function snapshot(packages: ExtensionPackage[], stale?: CatalogSnapshot['stale']): CatalogSnapshot {
  return { packages, fetchedAt: FETCHED_AT, fromCache: false, ...(stale ? { stale } : {}) };
}

function allText(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function buttons(blocks: KnownBlock[]): Button[] {
  return blocks.filter((b): b is ActionsBlock => b.type === 'actions').flatMap((b) => b.elements as Button[]);
}

function shownTemplateNames(blocks: KnownBlock[]): string[] {
  return blocks
    .filter((b): b is SectionBlock => b.type === 'section')
    .map((b) => /`(ACS-Extension-[^`]+)`/.exec(b.text?.text ?? '')?.[1])
    .filter((n): n is string => n !== undefined);
}

describe('renderCatalog', () => {
  it('renders a small catalog grouped by category (snapshot)', () => {
    const packages = [
      pkg('Nginx', { categories: ['web'], imageUrl: 'https://img.example.com/nginx.png' }),
      pkg('MySQL', { categories: ['database'] }),
      pkg('Docker', { categories: ['container'], docUrl: { en: '', zh: '' } }),
      pkg('Redis', { categories: ['database'] }),
    ];

    const msg = renderCatalog({ snapshot: snapshot(packages), page: 1, locale: 'en' });

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg).toMatchSnapshot();
    const headers = msg.blocks
      .filter((b) => b.type === 'header')
      .map((b) => (b.type === 'header' ? b.text.text : ''));
    expect(headers).toEqual(['ECS extension catalog', 'Containers', 'Databases', 'Web servers']);
    expect(shownTemplateNames(msg.blocks)).toEqual([
      'ACS-Extension-Docker-0000000000000001',
      'ACS-Extension-MySQL-0000000000000001',
      'ACS-Extension-Redis-0000000000000001',
      'ACS-Extension-Nginx-0000000000000001',
    ]);
    expect(buttons(msg.blocks)).toEqual([]);
    expect(msg.text).toContain('Showing 1–4 of 4 · page 1/1');
  });

  it('shows the icon as an accessory image and the doc link', () => {
    const msg = renderCatalog({
      snapshot: snapshot([pkg('Nginx', { imageUrl: 'https://img.example.com/nginx.png' })]),
      page: 1,
      locale: 'en',
    });

    const section = msg.blocks.find((b): b is SectionBlock => b.type === 'section');
    expect(section?.accessory).toEqual({
      type: 'image',
      image_url: 'https://img.example.com/nginx.png',
      alt_text: 'Nginx',
    });
    expect(section?.text?.text).toContain('<https://help.example.com/Nginx|Documentation>');
    expect(section?.text?.text).toContain('*Nginx*');
    expect(section?.text?.text).toContain('`ACS-Extension-Nginx-0000000000000001`');
  });

  it('pages a catalog of 125 packages within Slack limits, each package exactly once', () => {
    const packages = bigCatalog(125);
    const pageCount = Math.ceil(125 / CATALOG_PAGE_SIZE);

    const pages = Array.from({ length: pageCount }, (_, i) =>
      renderCatalog({ snapshot: snapshot(packages), page: i + 1, locale: 'en' }),
    );

    for (const page of pages) {
      expect(checkMessageLimits(page)).toEqual([]);
      expect(page.blocks.length).toBeLessThanOrEqual(50);
    }
    const seen = pages.flatMap((p) => shownTemplateNames(p.blocks));
    expect(seen).toHaveLength(125);
    expect(new Set(seen).size).toBe(125);
    expect(allText(pages[1]?.blocks ?? [])).toContain('Showing 13–24 of 125 · page 2/11');
  });

  it('offers Next on the first page, both on a middle page and Previous on the last', () => {
    const packages = bigCatalog(125);

    const first = renderCatalog({ snapshot: snapshot(packages), page: 1, locale: 'en' });
    const middle = renderCatalog({ snapshot: snapshot(packages), page: 2, locale: 'en' });
    const last = renderCatalog({ snapshot: snapshot(packages), page: 11, locale: 'en' });

    expect(buttons(first.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [ActionIds.listPage, '{"page":2}'],
    ]);
    expect(buttons(middle.blocks).map((b) => [b.text.text, b.value])).toEqual([
      ['◀ Previous', '{"page":1}'],
      ['Next ▶', '{"page":3}'],
    ]);
    expect(buttons(last.blocks).map((b) => b.value)).toEqual(['{"page":10}']);
    expect(allText(last.blocks)).toContain('Showing 121–125 of 125 · page 11/11');
  });

  it('clamps pages out of range', () => {
    const packages = bigCatalog(30);

    const zero = renderCatalog({ snapshot: snapshot(packages), page: 0, locale: 'en' });
    const beyond = renderCatalog({ snapshot: snapshot(packages), page: 99, locale: 'en' });

    expect(allText(zero.blocks)).toContain('page 1/3');
    expect(allText(beyond.blocks)).toContain('page 3/3');
  });

  it('filters by category or words and keeps the filter in the paging buttons', () => {
    const packages = bigCatalog(125);

    const msg = renderCatalog({ snapshot: snapshot(packages), filter: 'database', page: 1, locale: 'en' });

    const names = shownTemplateNames(msg.blocks);
    expect(names.length).toBe(CATALOG_PAGE_SIZE);
    for (const name of names) {
      const found = packages.find((p) => p.templateName === name);
      expect(found?.categories).toEqual(['database']);
    }
    expect(allText(msg.blocks)).toContain('of 18 · page 1/2');
    expect(buttons(msg.blocks)[0]?.value).toBe('{"page":2,"filter":"database"}');
    expect(msg.blocks[0]).toMatchObject({
      type: 'header',
      text: { text: 'ECS extensions matching "database"' },
    });
  });

  it('matches every word of the filter against names and descriptions', () => {
    const packages = [pkg('Nginx'), pkg('Node', { description: { en: 'Node.js runtime', zh: '' } })];

    const msg = renderCatalog({
      snapshot: snapshot(packages),
      filter: 'NODE runtime',
      page: 1,
      locale: 'en',
    });

    expect(shownTemplateNames(msg.blocks)).toEqual(['ACS-Extension-Node-0000000000000001']);
  });

  it('shows the matches the catalog domain chose, keeping the whole catalog for category names', () => {
    const packages = bigCatalog(20);
    const matches = [packages[3], packages[10]].filter((p): p is ExtensionPackage => p !== undefined);

    const found = renderCatalog({
      snapshot: snapshot(packages),
      filter: 'databse',
      matches,
      page: 1,
      locale: 'en',
    });
    const none = renderCatalog({
      snapshot: snapshot(packages),
      filter: 'databse',
      matches: [],
      page: 1,
      locale: 'en',
    });

    expect(shownTemplateNames(found.blocks).sort()).toEqual(matches.map((p) => p.templateName).sort());
    expect(buttons(found.blocks)).toEqual([]);
    expect(JSON.stringify(none.blocks)).toContain('• Security');
  });

  it('answers an empty filter result with the categories available', () => {
    const packages = bigCatalog(20);

    const msg = renderCatalog({
      snapshot: snapshot(packages),
      filter: 'kubernetes <x>',
      page: 1,
      locale: 'en',
    });

    expect(checkMessageLimits(msg)).toEqual([]);
    // Slack reads the fallback text as mrkdwn too, so the user's words are escaped there as well.
    expect(msg.text).toBe('No extension matches "kubernetes &lt;x&gt;".');
    const body = allText(msg.blocks);
    expect(body).toContain('No extension matches *kubernetes &lt;x&gt;*');
    expect(body).toContain('`/ecs-ext check &lt;name&gt;`');
    expect(body).not.toMatch(/<(?![@#!]|https?:)/);
    for (const label of ['AI', 'Applications', 'Databases', 'DevOps', 'Monitoring', 'Runtimes', 'Security']) {
      expect(body).toContain(`• ${label}`);
    }
    expect(body).toContain('/ecs-ext list');
    expect(msg).toMatchSnapshot();
  });

  it('says so when the catalog itself is empty', () => {
    const msg = renderCatalog({ snapshot: snapshot([]), page: 1, locale: 'zh' });

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(msg.text).toContain('目录中暂时没有可用的 ECS 扩展程序');
  });

  it('warns when the catalog is stale', () => {
    const stale = { ageMs: 14 * 60_000, error: new Error('boom') };

    const en = renderCatalog({ snapshot: snapshot(bigCatalog(3), stale), page: 1, locale: 'en' });
    const zh = renderCatalog({ snapshot: snapshot(bigCatalog(3), stale), page: 1, locale: 'zh' });

    expect(en.blocks[1]).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: ':warning: Catalog could not be refreshed; showing data from 14 minutes ago.',
        },
      ],
    });
    expect(allText(zh.blocks)).toContain('14 分钟前');
    expect(allText(en.blocks)).not.toContain('boom');
  });

  it('truncates very long names and descriptions, escapes mrkdwn and drops links past the text budget', () => {
    const packages = Array.from({ length: 12 }, (_, i) =>
      pkg(`Long${i}`, {
        displayName: { en: `Name <b> & ${'N'.repeat(500)}`, zh: '' },
        description: { en: `Desc <script> & ${'D'.repeat(10_000)}`, zh: '' },
        docUrl: { en: `https://docs.example.com/${'p'.repeat(480)}`, zh: '' },
        imageUrl: `https://img.example.com/${'i'.repeat(470)}.png`,
        categories: [`category-${'c'.repeat(300)}-${i}`],
      }),
    );

    const msg = renderCatalog({ snapshot: snapshot(packages), page: 1, locale: 'en' });

    expect(checkMessageLimits(msg)).toEqual([]);
    const body = allText(msg.blocks);
    expect(body).toContain('Desc &lt;script&gt; &amp; DDD');
    expect(body).toContain('…');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('docs.example.com');
    expect(body).not.toContain('img.example.com');
  });

  it('keeps doc links and icons when a page fits the text budget', () => {
    const packages = Array.from({ length: 12 }, (_, i) =>
      pkg(`Short${i}`, { imageUrl: `https://img.example.com/${i}.png` }),
    );

    const body = allText(renderCatalog({ snapshot: snapshot(packages), page: 1, locale: 'en' }).blocks);

    expect(body).toContain('help.example.com/Short11');
    expect(body).toContain('img.example.com/11.png');
  });

  it('keeps a very long filter within header and button limits', () => {
    const filter = `database ${'x'.repeat(5000)}`;
    const packages = Array.from({ length: 30 }, (_, i) =>
      pkg(`Db${i}`, { categories: ['database'], description: { en: filter, zh: '' } }),
    );

    const msg = renderCatalog({ snapshot: snapshot(packages), filter, page: 1, locale: 'en' });

    expect(checkMessageLimits(msg)).toEqual([]);
    const next = buttons(msg.blocks)[0];
    expect(parseCatalogPageValue(next?.value)).toEqual({
      page: 2,
      filter: expect.stringMatching(/^database x+…$/),
    });
  });

  it('renders Chinese (snapshot)', () => {
    const msg = renderCatalog({
      snapshot: snapshot(bigCatalog(14)),
      filter: '',
      page: 2,
      locale: 'zh',
    });

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(allText(msg.blocks)).toContain('第 13–14 项，共 14 项 · 第 2/2 页');
    expect(msg).toMatchSnapshot();
  });
});

describe('parseCatalogPageValue', () => {
  it('reads the paging value and tolerates garbage', () => {
    expect(parseCatalogPageValue('{"page":3,"filter":"db"}')).toEqual({ page: 3, filter: 'db' });
    expect(parseCatalogPageValue('{"page":2}')).toEqual({ page: 2 });
    expect(parseCatalogPageValue('not json')).toEqual({ page: 1 });
    expect(parseCatalogPageValue(undefined)).toEqual({ page: 1 });
  });
});

describe('categoryLabel', () => {
  it('names known categories in both languages and tidies unknown ones', () => {
    expect(categoryLabel('database', 'en')).toBe('Databases');
    expect(categoryLabel('database', 'zh')).toBe('数据库');
    expect(categoryLabel(undefined, 'en')).toBe('Other');
    expect(categoryLabel('big_data', 'en')).toBe('Big data');
  });
});
