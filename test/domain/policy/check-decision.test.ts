import { describe, expect, it } from 'vitest';
import { checkDecision, reminderDueAt } from '../../../src/domain/policy/check-decision.js';
import { policySet, YEAR_END } from './policy-fixtures.js';

describe('checkDecision', () => {
  const set = policySet({ freeze: [YEAR_END] }, { C0HOTFIX: { freeze: [] } });

  it.each([
    {
      case: 'inside the default freeze',
      channel: 'C0OPS',
      now: '2026-12-25T09:00:00+08:00',
      expected: {
        allowed: false,
        refusal: { block: 'action', rule: 'freeze', window: YEAR_END, until: '2026-12-27T00:00:00+08:00' },
      },
    },
    { case: 'outside it', channel: 'C0OPS', now: '2026-12-27T00:00:00+08:00', expected: { allowed: true } },
    {
      case: 'in a channel that lifts the freeze',
      channel: 'C0HOTFIX',
      now: '2026-12-25T09:00:00+08:00',
      expected: { allowed: true },
    },
  ])('$case', ({ channel, now, expected }) => {
    expect(checkDecision(set, channel, new Date(now))).toEqual(expected);
  });
});

describe('reminderDueAt', () => {
  it.each([
    { ttl: 1440, remind: true, expected: '2026-06-01T20:00:00.000Z' },
    { ttl: 90, remind: true, expected: '2026-06-01T08:45:00.000Z' },
    { ttl: 1440, remind: false, expected: undefined },
  ])('TTL $ttl min, reminders $remind → $expected', ({ ttl, remind, expected }) => {
    expect(reminderDueAt(new Date('2026-06-01T08:00:00Z'), ttl, remind)?.toISOString()).toBe(expected);
  });
});
