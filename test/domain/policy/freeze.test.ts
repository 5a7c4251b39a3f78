import { describe, expect, it } from 'vitest';
import { activeFreeze, currentAndUpcomingFreezes } from '../../../src/domain/policy/freeze.js';
import { YEAR_END } from './policy-fixtures.js';

const patch = { from: '2026-12-26T12:00:00+08:00', to: '2026-12-28T00:00:00+08:00', reason: 'db patching' };
const touching = { from: '2026-12-28T00:00:00+08:00', to: '2026-12-29T00:00:00+08:00', reason: 'audit' };
const later = { from: '2027-01-10T00:00:00Z', to: '2027-01-11T00:00:00Z', reason: 'migration' };

describe('activeFreeze', () => {
  it.each([
    { case: 'before the window', now: '2026-12-23T15:59:59Z', windows: [YEAR_END], expected: undefined },
    {
      case: 'at its start (inclusive, offsets honoured)',
      now: '2026-12-23T16:00:00Z',
      windows: [YEAR_END],
      expected: { window: YEAR_END, until: YEAR_END.to },
    },
    {
      case: 'inside it',
      now: '2026-12-25T10:00:00+08:00',
      windows: [YEAR_END, later],
      expected: { window: YEAR_END, until: YEAR_END.to },
    },
    { case: 'at its end (exclusive)', now: '2026-12-26T16:00:00Z', windows: [YEAR_END], expected: undefined },
    {
      case: 'in a window that runs into overlapping and touching ones: the freeze ends with the last',
      now: '2026-12-25T00:00:00+08:00',
      windows: [touching, patch, YEAR_END],
      expected: { window: YEAR_END, until: touching.to },
    },
    {
      case: 'where two windows hold: the one that ends later is named',
      now: '2026-12-26T13:00:00+08:00',
      windows: [YEAR_END, patch],
      expected: { window: patch, until: patch.to },
    },
    {
      case: 'a later window that does not touch does not extend the freeze',
      now: '2026-12-25T00:00:00+08:00',
      windows: [YEAR_END, later],
      expected: { window: YEAR_END, until: YEAR_END.to },
    },
    { case: 'no windows', now: '2026-12-25T00:00:00+08:00', windows: [], expected: undefined },
  ])('$case', ({ now, windows, expected }) => {
    expect(activeFreeze(windows, new Date(now))).toEqual(expected);
  });
});

describe('currentAndUpcomingFreezes', () => {
  it('drops past windows and orders the rest by start', () => {
    const past = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'old' };

    const found = currentAndUpcomingFreezes([later, past, patch, YEAR_END], new Date('2026-12-25T00:00:00Z'));

    expect(found).toEqual([YEAR_END, patch, later]);
  });
});
