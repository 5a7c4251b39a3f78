import { openRules, type PolicyRules, type PolicySet } from '../../../src/domain/policy/channel-policy.js';

/** Rules that allow everything, with one approval from anyone but the requester. */
export function rules(overrides: Partial<PolicyRules> = {}): PolicyRules {
  return {
    ...openRules({ approvers: [], requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 1440 }),
    ...overrides,
  };
}

/** A policy set with the given defaults and channel overrides. */
export function policySet(
  defaults: Partial<PolicyRules> = {},
  channels: Record<string, Partial<PolicyRules>> = {},
): PolicySet {
  return { version: 'file:0123456789ab', source: 'file', defaults: rules(defaults), channels };
}

/** The year-end freeze of the contract's example. */
export const YEAR_END = {
  from: '2026-12-24T00:00:00+08:00',
  to: '2026-12-27T00:00:00+08:00',
  reason: 'year-end freeze',
};
