import { describe, expect, it } from 'vitest';
import type { PolicyRefusal } from '../../../src/domain/policy/check-submission.js';
import { formErrors, reasonBlock, refusalText } from '../../../src/slack/views/install-modal-rollout.js';

const refusals: PolicyRefusal[] = [
  {
    block: 'action',
    rule: 'freeze',
    window: { from: '2026-12-24T00:00:00+08:00', to: '2026-12-27T00:00:00+08:00', reason: 'year-end freeze' },
    until: '2026-12-27T00:00:00+08:00',
  },
  { block: 'action', rule: 'actions', action: 'uninstall', allowed: ['install', 'update'] },
  { block: 'package', rule: 'packages', packageName: 'ACS-Extension-x', allowed: ['ACS-Extension-node-*'] },
  { block: 'region', rule: 'regions', regionId: 'cn-beijing', allowed: ['cn-hangzhou', 'cn-shanghai'] },
  { block: 'instances', rule: 'maxInstancesPerRequest', count: 12, max: 10 },
  { block: 'reason', rule: 'requireReason' },
  {
    block: 'rollout',
    rule: 'canaryAbove',
    count: 12,
    canaryAbove: 5,
    rollout: 'all',
    allowed: ['canary', 'waves'],
  },
];

describe('policy refusals in the modal', () => {
  it('name the rule and how to proceed, in English and Chinese', () => {
    expect(refusals.map((r) => refusalText(r, 'en'))).toMatchSnapshot();
    expect(refusals.map((r) => refusalText(r, 'zh'))).toMatchSnapshot();
    for (const r of refusals) {
      expect(refusalText(r, 'en')).toContain(`rule ${r.rule}`);
      expect(refusalText(r, 'zh')).toContain(r.rule);
    }
  });

  it('join several problems on one block, after the validation messages', () => {
    const errors = formErrors(
      {
        ok: false,
        errors: { instances: [{ code: 'instances_not_found', ids: ['i-x'], regionId: 'cn-hangzhou' }] },
        refusals: refusals.slice(0, 2).concat(refusals[4] as PolicyRefusal),
        rolloutProblems: [{ block: 'wave_size', max: 50 }],
      },
      'en',
    );

    expect(Object.keys(errors).sort()).toEqual(['action', 'instances', 'wave_size']);
    expect(errors.instances).toMatch(/^Not found in cn-hangzhou: i-x\. .* 12 instances is more/);
    expect(errors.action).toContain('year-end freeze');
    expect(errors.action).toContain('does not allow uninstall (rule actions: install, update)');
    expect(errors.wave_size).toBe('Enter a wave size from 1 to 50 (whole instances).');
  });

  it('lists allowed values with the Chinese list separator', () => {
    expect(refusalText(refusals[3] as PolicyRefusal, 'zh')).toContain('cn-hangzhou、cn-shanghai');
  });
});

describe('the reason input', () => {
  it('is optional unless the channel requires a reason', () => {
    expect(reasonBlock({}, 'en').optional).toBe(true);
    expect(reasonBlock({ rules: { requireReason: true, canaryAbove: 0 } }, 'zh')).toMatchObject({
      block_id: 'reason',
      optional: false,
      label: { text: '申请理由' },
    });
  });
});
