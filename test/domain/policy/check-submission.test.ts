import { describe, expect, it } from 'vitest';
import type { PolicyRules } from '../../../src/domain/policy/channel-policy.js';
import {
  checkSubmission,
  refusalsFor,
  type SubmissionDraft,
} from '../../../src/domain/policy/check-submission.js';
import { policySet, rules, YEAR_END } from './policy-fixtures.js';

const NOW = new Date('2026-06-01T08:00:00Z');

const draft: SubmissionDraft = {
  action: 'install',
  package: { templateName: 'ACS-Extension-node-1853370294850618', categories: ['Languages'] },
  regionId: 'cn-hangzhou',
  instanceCount: 3,
};

describe('refusalsFor: one rule at a time', () => {
  const cases: Array<{
    rule: string;
    rules: Partial<PolicyRules>;
    draft?: Partial<SubmissionDraft>;
    now?: Date;
    expected: unknown[];
  }> = [
    { rule: 'open rules', rules: {}, expected: [] },
    {
      rule: 'actions',
      rules: { actions: ['install'] },
      draft: { action: 'uninstall' },
      expected: [{ block: 'action', rule: 'actions', action: 'uninstall', allowed: ['install'] }],
    },
    { rule: 'actions (allowed)', rules: { actions: ['install'] }, expected: [] },
    {
      rule: 'packages',
      rules: { packages: ['category:Databases', 'ACS-Extension-mysql-*'] },
      expected: [
        {
          block: 'package',
          rule: 'packages',
          packageName: draft.package.templateName,
          allowed: ['category:Databases', 'ACS-Extension-mysql-*'],
        },
      ],
    },
    { rule: 'packages (by glob)', rules: { packages: ['ACS-Extension-node-*'] }, expected: [] },
    { rule: 'packages (by category)', rules: { packages: ['category:Languages'] }, expected: [] },
    {
      rule: 'regions',
      rules: { regions: ['cn-shanghai', 'ap-*'] },
      expected: [
        { block: 'region', rule: 'regions', regionId: 'cn-hangzhou', allowed: ['cn-shanghai', 'ap-*'] },
      ],
    },
    { rule: 'regions (by glob)', rules: { regions: ['cn-*'] }, expected: [] },
    {
      rule: 'maxInstancesPerRequest',
      rules: { maxInstancesPerRequest: 2 },
      expected: [{ block: 'instances', rule: 'maxInstancesPerRequest', count: 3, max: 2 }],
    },
    { rule: 'maxInstancesPerRequest (at the limit)', rules: { maxInstancesPerRequest: 3 }, expected: [] },
    {
      rule: 'requireReason',
      rules: { requireReason: true },
      expected: [{ block: 'reason', rule: 'requireReason' }],
    },
    {
      rule: 'requireReason (blank)',
      rules: { requireReason: true },
      draft: { reason: '  \n ' },
      expected: [{ block: 'reason', rule: 'requireReason' }],
    },
    {
      rule: 'requireReason (given)',
      rules: { requireReason: true },
      draft: { reason: 'CVE-2026-1234 fix' },
      expected: [],
    },
    { rule: 'requireReason (off)', rules: { requireReason: false }, expected: [] },
    {
      rule: 'canaryAbove',
      rules: { canaryAbove: 2 },
      expected: [
        {
          block: 'rollout',
          rule: 'canaryAbove',
          count: 3,
          canaryAbove: 2,
          rollout: 'all',
          allowed: ['canary', 'waves'],
        },
      ],
    },
    { rule: 'canaryAbove (canary)', rules: { canaryAbove: 2 }, draft: { rollout: 'canary' }, expected: [] },
    { rule: 'canaryAbove (waves)', rules: { canaryAbove: 2 }, draft: { rollout: 'waves' }, expected: [] },
    { rule: 'canaryAbove (not above)', rules: { canaryAbove: 3 }, expected: [] },
    { rule: 'canaryAbove (0: never)', rules: { canaryAbove: 0 }, draft: { instanceCount: 50 }, expected: [] },
    {
      rule: 'freeze',
      rules: { freeze: [YEAR_END] },
      now: new Date('2026-12-25T00:00:00+08:00'),
      expected: [{ block: 'action', rule: 'freeze', window: YEAR_END, until: YEAR_END.to }],
    },
    { rule: 'freeze (outside)', rules: { freeze: [YEAR_END] }, expected: [] },
  ];

  it.each(cases)('$rule', ({ rules: overrides, draft: change, now, expected }) => {
    const refusals = refusalsFor(rules(overrides), { ...draft, ...change }, now ?? NOW);

    expect(refusals).toEqual(expected);
  });

  it('lists every rule that refuses, in the order of the form', () => {
    const strict = rules({
      actions: ['install'],
      packages: ['category:Databases'],
      regions: ['cn-shanghai'],
      maxInstancesPerRequest: 2,
      requireReason: true,
      canaryAbove: 1,
      freeze: [YEAR_END],
    });

    const refusals = refusalsFor(
      strict,
      { ...draft, action: 'update' },
      new Date('2026-12-25T00:00:00+08:00'),
    );

    expect(refusals.map((r) => `${r.block}:${r.rule}`)).toEqual([
      'action:freeze',
      'action:actions',
      'package:packages',
      'region:regions',
      'instances:maxInstancesPerRequest',
      'reason:requireReason',
      'rollout:canaryAbove',
    ]);
  });
});

describe('checkSubmission', () => {
  const set = policySet(
    { approvers: ['S0OPS'], requiredApprovals: 1, approvalTtlMinutes: 60 },
    { C0123PROD: { regions: ['cn-shanghai'], requiredApprovals: 2, remindApprovers: false } },
  );

  it('lets an allowed request through with what it must store', () => {
    const verdict = checkSubmission(set, 'C0DEV', draft, NOW);

    expect(verdict).toMatchObject({
      allowed: true,
      approval: { approvers: ['S0OPS'], requiredApprovals: 1, allowSelfApproval: false, ttlMinutes: 60 },
      policyVersion: 'file:0123456789ab',
      remindApprovers: true,
      policy: { channelId: 'C0DEV' },
    });
  });

  it('judges a request by its own channel’s rules', () => {
    const refused = checkSubmission(set, 'C0123PROD', draft, NOW);
    const allowed = checkSubmission(set, 'C0123PROD', { ...draft, regionId: 'cn-shanghai' }, NOW);

    expect(refused).toMatchObject({ allowed: false, refusals: [{ block: 'region', rule: 'regions' }] });
    expect(allowed).toMatchObject({
      allowed: true,
      approval: { requiredApprovals: 2 },
      remindApprovers: false,
      policy: { overrides: ['requiredApprovals', 'remindApprovers', 'regions'] },
    });
  });
});
