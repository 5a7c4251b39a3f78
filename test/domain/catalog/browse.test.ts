import { describe, expect, it } from 'vitest';
import {
  browsePackages,
  categoriesOf,
  filterPackages,
  groupByCategory,
} from '../../../src/domain/catalog/browse.js';
import { toExtensionPackage } from '../../../src/domain/catalog/description.js';
import { sampleCatalog, summary } from './fixtures.js';

const catalog = sampleCatalog();

function names(result: { packages: Array<{ templateName: string }> }): string[] {
  return result.packages.map((pkg) => pkg.templateName);
}

describe('browsePackages', () => {
  it('returns everything without words', () => {
    const result = browsePackages(catalog, '  ');

    expect(result.packages).toHaveLength(catalog.length);
    expect(result.category).toBeUndefined();
  });

  it.each(['database', 'Database', 'databases', 'databse', '数据库'])(
    'takes %j as the database category',
    (words) => {
      const result = browsePackages(catalog, words);

      expect(result.category).toBe('database');
      expect(names(result).sort()).toEqual([
        'ACS-Extension-PostgreSQL-0000000000000001',
        'ACS-Extension-mysql-0000000000000001',
        'ACS-Extension-redis-0000000000000001',
      ]);
    },
  );

  it('searches by words when they name no category', () => {
    const result = browsePackages(catalog, 'docker');

    expect(result.category).toBeUndefined();
    expect(names(result)).toEqual([
      'ACS-Extension-DockerCE-1853370294850618',
      'ACS-Extension-DockerCE-1563457855438522',
    ]);
  });

  it('finds nothing for words matching nothing', () => {
    const result = browsePackages(catalog, 'oracle');

    expect(result.packages).toEqual([]);
  });
});

describe('filterPackages', () => {
  it('returns the packages browsePackages selects', () => {
    const packages = filterPackages(catalog, 'databases');

    expect(packages.map((pkg) => pkg.displayName.en)).toEqual(['MySQL', 'PostgreSQL', 'Redis']);
  });
});

describe('grouping', () => {
  it('lists categories alphabetically with other last', () => {
    const packages = [...catalog, toExtensionPackage(summary('ACS-Extension-misc-1', 'plain'))];

    const categories = categoriesOf(packages);

    expect(categories).toEqual(['ai', 'application', 'database', 'other']);
  });

  it('puts a package in each of its categories', () => {
    const multi = toExtensionPackage(summary('ACS-Extension-x-1', { categories: ['database', 'ai'] }));

    const groups = groupByCategory([catalog[0]!, multi]);

    expect(groups.map((g) => [g.category, g.packages.map((p) => p.templateName)])).toEqual([
      ['ai', ['ACS-Extension-x-1']],
      ['application', ['ACS-Extension-DockerCE-1853370294850618']],
      ['database', ['ACS-Extension-x-1']],
    ]);
  });
});
