import { describe, expect, it } from 'vitest';
import {
  isPackageAllowed,
  isRegionAllowed,
  offeredActions,
  offeredPackages,
  offeredRegions,
} from '../../../src/domain/policy/offer.js';
import { rules } from './policy-fixtures.js';

const node = { templateName: 'ACS-Extension-node-1853370294850618', categories: ['Languages'] };
const mysql = { templateName: 'ACS-Extension-mysql-1853370294850618', categories: ['Databases'] };
const redis = { templateName: 'ACS-Extension-redis-1853370294850618', categories: ['Databases', 'Caches'] };
const nginx = { templateName: 'ACS-Extension-nginx-1853370294850618', categories: ['Web servers'] };

describe('isPackageAllowed', () => {
  it.each([
    { packages: ['*'], pkg: nginx, allowed: true },
    { packages: [], pkg: nginx, allowed: false },
    { packages: ['ACS-Extension-node-*'], pkg: node, allowed: true },
    { packages: ['ACS-Extension-node-*'], pkg: mysql, allowed: false },
    { packages: ['category:Databases'], pkg: mysql, allowed: true },
    { packages: ['category:databases'], pkg: redis, allowed: true },
    { packages: ['category:Databases'], pkg: node, allowed: false },
    { packages: ['category:Data*'], pkg: mysql, allowed: true },
    { packages: ['category:Web servers'], pkg: nginx, allowed: true },
    { packages: ['ACS-Extension-node-*', 'category:Databases'], pkg: redis, allowed: true },
    { packages: ['ACS-Extension-node-*', 'category:Databases'], pkg: nginx, allowed: false },
    { packages: ['category:ACS-Extension-nginx-*'], pkg: nginx, allowed: false },
  ])('$packages allows $pkg.templateName: $allowed', ({ packages, pkg, allowed }) => {
    expect(isPackageAllowed({ packages }, pkg)).toBe(allowed);
  });
});

describe('isRegionAllowed', () => {
  it.each([
    { regions: ['*'], region: 'us-west-1', allowed: true },
    { regions: ['cn-hangzhou'], region: 'cn-hangzhou', allowed: true },
    { regions: ['cn-hangzhou'], region: 'cn-shanghai', allowed: false },
    { regions: ['cn-*', 'ap-southeast-1'], region: 'ap-southeast-1', allowed: true },
    { regions: ['cn-*'], region: 'eu-central-1', allowed: false },
    { regions: [], region: 'cn-hangzhou', allowed: false },
  ])('$regions allows $region: $allowed', ({ regions, region, allowed }) => {
    expect(isRegionAllowed({ regions }, region)).toBe(allowed);
  });
});

describe('what the form offers', () => {
  it('offers only the allowed packages, keeping their order and shape', () => {
    const offered = offeredPackages(rules({ packages: ['ACS-Extension-node-*', 'category:Databases'] }), [
      nginx,
      redis,
      node,
      mysql,
    ]);

    expect(offered).toEqual([redis, node, mysql]);
  });

  it('offers only the allowed regions', () => {
    const regions = [
      { regionId: 'cn-hangzhou', localName: '华东1（杭州）' },
      { regionId: 'cn-shanghai', localName: '华东2（上海）' },
      { regionId: 'us-west-1', localName: '美国（硅谷）' },
    ];

    expect(offeredRegions(rules({ regions: ['cn-*'] }), regions).map((r) => r.regionId)).toEqual([
      'cn-hangzhou',
      'cn-shanghai',
    ]);
    expect(offeredRegions(rules(), regions)).toEqual(regions);
  });

  it.each([
    { actions: ['uninstall', 'install'] as const, expected: ['install', 'uninstall'] },
    { actions: [] as const, expected: [] },
    { actions: ['install', 'update', 'uninstall'] as const, expected: ['install', 'update', 'uninstall'] },
  ])('offers the allowed actions $actions in the usual order', ({ actions, expected }) => {
    expect(offeredActions({ actions: [...actions] })).toEqual(expected);
  });
});
