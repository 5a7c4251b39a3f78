import { describe, expect, it } from 'vitest';
import {
  approvalPolicyOf,
  openRules,
  POLICY_RULE_NAMES,
  resolveChannelPolicy,
} from '../../../src/domain/policy/channel-policy.js';
import { policySet, rules, YEAR_END } from './policy-fixtures.js';

describe('openRules', () => {
  it('allows everything and keeps the approval policy it is given', () => {
    const open = openRules({
      approvers: ['U0A'],
      requiredApprovals: 2,
      allowSelfApproval: true,
      ttlMinutes: 60,
    });

    expect(open).toEqual({
      approvers: ['U0A'],
      requiredApprovals: 2,
      allowSelfApproval: true,
      approvalTtlMinutes: 60,
      remindApprovers: true,
      actions: ['install', 'update', 'uninstall'],
      packages: ['*'],
      regions: ['*'],
      maxInstancesPerRequest: 50,
      requireReason: false,
      canaryAbove: 0,
      freeze: [],
    });
    expect(Object.keys(open)).toEqual(POLICY_RULE_NAMES);
  });
});

describe('resolveChannelPolicy', () => {
  const set = policySet(
    { requiredApprovals: 1, regions: ['*'], freeze: [YEAR_END] },
    {
      C0123PROD: {
        packages: ['ACS-Extension-node-*', 'category:Databases'],
        regions: ['cn-hangzhou'],
        requiredApprovals: 2,
      },
      C0THAW: { freeze: [] },
    },
  );

  it.each([
    {
      channel: 'C0123PROD',
      expected: {
        packages: ['ACS-Extension-node-*', 'category:Databases'],
        regions: ['cn-hangzhou'],
        requiredApprovals: 2,
        freeze: [YEAR_END],
      },
      overrides: ['requiredApprovals', 'packages', 'regions'],
    },
    {
      channel: 'C0OTHER',
      expected: { packages: ['*'], regions: ['*'], requiredApprovals: 1, freeze: [YEAR_END] },
      overrides: [],
    },
    { channel: 'C0THAW', expected: { packages: ['*'], freeze: [] }, overrides: ['freeze'] },
    { channel: 'constructor', expected: { packages: ['*'] }, overrides: [] },
  ])(
    '$channel: the defaults with the channel’s fields replacing them',
    ({ channel, expected, overrides }) => {
      const policy = resolveChannelPolicy(set, channel);

      expect(policy.rules).toMatchObject(expected);
      expect(policy.overrides).toEqual(overrides);
      expect(policy).toMatchObject({ channelId: channel, version: 'file:0123456789ab', source: 'file' });
    },
  );

  it('does not let a resolved policy change the set it came from', () => {
    const policy = resolveChannelPolicy(set, 'C0123PROD');

    policy.rules.regions.push('us-west-1');
    policy.rules.freeze.pop();

    expect(resolveChannelPolicy(set, 'C0123PROD').rules.regions).toEqual(['cn-hangzhou']);
    expect(resolveChannelPolicy(set, 'C0123PROD').rules.freeze).toEqual([YEAR_END]);
  });
});

describe('approvalPolicyOf', () => {
  it('maps the approval rules to the ApprovalPolicy a request stores', () => {
    const approval = approvalPolicyOf(
      rules({ approvers: ['S0OPS'], requiredApprovals: 3, allowSelfApproval: true, approvalTtlMinutes: 90 }),
    );

    expect(approval).toEqual({
      approvers: ['S0OPS'],
      requiredApprovals: 3,
      allowSelfApproval: true,
      ttlMinutes: 90,
    });
  });
});
