import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../../src/domain/policy/glob.js';

describe('matchesGlob', () => {
  it.each([
    ['*', 'ACS-Extension-node-1853370294850618', true],
    ['*', '', true],
    ['ACS-Extension-node-*', 'ACS-Extension-node-1853370294850618', true],
    ['ACS-Extension-node-*', 'ACS-Extension-nodejs-1853370294850618', false],
    ['acs-extension-NODE-*', 'ACS-Extension-node-1', true],
    ['ACS-Extension-node-1', 'ACS-Extension-node-1', true],
    ['ACS-Extension-node-1', 'ACS-Extension-node-12', false],
    ['*-node-*', 'ACS-Extension-node-1', true],
    ['cn-*', 'cn-hangzhou', true],
    ['cn-*', 'ap-southeast-1', false],
    ['cn-hangzhou', 'cn-hangzhou-finance', false],
    ['cn-?angzhou', 'cn-hangzhou', true],
    ['cn-?angzhou', 'cn-angzhou', false],
    ['a.b', 'axb', false],
    ['a+b(c)[d]', 'a+b(c)[d]', true],
    ['^x$', '^x$', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(matchesGlob(pattern, name)).toBe(expected);
  });
});
