import { describe, expect, it } from 'vitest';
import {
  CONFIDENT_MATCH_SCORE,
  editDistance,
  isConfidentMatch,
  matchPackages,
} from '../../../src/domain/catalog/fuzzy.js';
import { sampleCatalog } from './fixtures.js';

const catalog = sampleCatalog();

function best(query: string): string | undefined {
  const [top] = matchPackages(query, catalog);
  return top && isConfidentMatch(top) ? top.pkg.templateName : undefined;
}

describe('matchPackages', () => {
  it.each([
    ['bt panel', 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618'],
    ['BT', 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618'],
    ['baota', 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618'],
    ['宝塔', 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618'],
    ['宝塔面板', 'ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618'],
    ['nodejs', 'ACS-Extension-node-1853370294850618'],
    ['node.js', 'ACS-Extension-node-1853370294850618'],
    ['Node.js v22', 'ACS-Extension-node-1853370294850618'],
    ['node', 'ACS-Extension-node-1853370294850618'],
    ['docker', 'ACS-Extension-DockerCE-1853370294850618'],
    ['Docker CE', 'ACS-Extension-DockerCE-1853370294850618'],
    ['python3', 'ACS-Extension-python-1853370294850618'],
    ['golang', 'ACS-Extension-golang-1853370294850618'],
    ['go', 'ACS-Extension-golang-1853370294850618'],
    ['postgres', 'ACS-Extension-PostgreSQL-0000000000000001'],
    ['mysql8', 'ACS-Extension-mysql-0000000000000001'],
    ['ACS-Extension-Git-1853370294850618', 'ACS-Extension-Git-1853370294850618'],
  ])('confidently matches %j', (query, templateName) => {
    const name = best(query);

    expect(name).toBe(templateName);
  });

  it.each([
    ['dokcer', 'ACS-Extension-DockerCE-1853370294850618'],
    ['ngnix', 'ACS-Extension-nginx-1853370294850618'],
    ['pyhton', 'ACS-Extension-python-1853370294850618'],
  ])('tolerates the typo %j', (query, templateName) => {
    const name = best(query);

    expect(name).toBe(templateName);
  });

  it('says where it matched', () => {
    const [byName] = matchPackages('nginx', catalog);
    const [byTemplate] = matchPackages('ACS-Extension-nginx-1853370294850618', catalog);
    const [byDescription] = matchPackages('大模型', catalog);

    expect(byName?.matchedOn).toBe('name');
    expect(byTemplate?.matchedOn).toBe('templateName');
    expect(byDescription?.matchedOn).toBe('description');
  });

  it('matches Chinese text inside display names and descriptions', () => {
    const [match] = matchPackages('免费版', catalog);

    expect(match?.pkg.templateName).toBe('ACS-Extension-BaoTaPanelFree-One-Click-1853370294850618');
    expect(match?.matchedOn).toBe('displayName');
  });

  it('puts the official publisher first among equal matches', () => {
    const matches = matchPackages('docker', catalog);

    expect(matches.slice(0, 2).map((m) => m.pkg.templateName)).toEqual([
      'ACS-Extension-DockerCE-1853370294850618',
      'ACS-Extension-DockerCE-1563457855438522',
    ]);
    expect(matches[0]?.score).toBe(matches[1]?.score);
  });

  it('matches every package of a category equally', () => {
    const matches = matchPackages('数据库', catalog);

    expect(matches.map((m) => m.pkg.templateName).sort()).toEqual([
      'ACS-Extension-PostgreSQL-0000000000000001',
      'ACS-Extension-mysql-0000000000000001',
      'ACS-Extension-redis-0000000000000001',
    ]);
    expect(new Set(matches.map((m) => m.matchedOn))).toEqual(new Set(['category']));
  });

  it('offers only weak alternatives for something not in the catalog', () => {
    const matches = matchPackages('sql server', catalog, { minScore: 0.2 });

    expect(matches.length).toBeGreaterThan(0);
    expect(matches.every((m) => m.score < CONFIDENT_MATCH_SCORE)).toBe(true);
    expect(
      matches
        .slice(0, 2)
        .map((m) => m.pkg.templateName)
        .sort(),
    ).toEqual(['ACS-Extension-PostgreSQL-0000000000000001', 'ACS-Extension-mysql-0000000000000001']);
  });

  it('finds nothing for an unrelated word or an empty query', () => {
    const results = [
      matchPackages('oracle', catalog),
      matchPackages('  ', catalog),
      matchPackages('v22', catalog),
    ];

    expect(results).toEqual([[], [], []]);
  });

  it('honours limit and minScore', () => {
    const limited = matchPackages('docker', catalog, { limit: 1 });
    const strict = matchPackages('dokcer', catalog, { minScore: 0.9 });

    expect(limited).toHaveLength(1);
    expect(strict).toEqual([]);
  });
});

describe('editDistance', () => {
  it.each([
    ['docker', 'docker', 0],
    ['dokcer', 'docker', 1],
    ['ngnix', 'nginx', 1],
    ['nginx', 'ngin', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    const result = editDistance(a, b);

    expect(result).toBe(distance);
  });
});
