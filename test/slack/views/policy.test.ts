import { describe, expect, it } from 'vitest';
import { resolveChannelPolicy } from '../../../src/domain/policy/channel-policy.js';
import { checkMessageLimits } from '../../../src/slack/views/limits.js';
import { renderPolicy } from '../../../src/slack/views/policy.js';
import { policySet, YEAR_END } from '../../domain/policy/policy-fixtures.js';

const NOW = new Date('2026-12-25T02:00:00Z');
const PAST = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', reason: 'new-year freeze' };
const LATER = {
  from: '2027-02-10T00:00:00+08:00',
  to: '2027-02-17T00:00:00+08:00',
  reason: 'Spring <Festival> & more',
};

const fromEnv = { ...policySet(), version: 'env:5d41402abc4b', source: 'env' as const };
const fromFile = policySet(
  {
    approvers: ['U0123ABCD', 'S0456EFGH'],
    requiredApprovals: 1,
    freeze: [PAST, YEAR_END, LATER],
  },
  {
    C0123PROD: {
      packages: ['ACS-Extension-node-*', 'category:Databases'],
      regions: ['cn-hangzhou'],
      requiredApprovals: 2,
      requireReason: true,
      canaryAbove: 5,
      actions: ['install', 'update'],
      remindApprovers: false,
    },
  },
);

function text(msg: { blocks: unknown[] }): string {
  return JSON.stringify(msg.blocks);
}

describe('renderPolicy', () => {
  it.each(['en', 'zh'] as const)('shows the variables’ policy when there is no file (%s)', (locale) => {
    const msg = renderPolicy(resolveChannelPolicy(fromEnv, 'C0OPS'), locale, NOW);

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(text(msg)).toContain('ECS_EXT_APPROVERS');
    expect(text(msg)).toContain('env:5d41402abc4b');
    expect(text(msg)).not.toContain('◆*');
    expect(msg).toMatchSnapshot();
  });

  it.each(['en', 'zh'] as const)(
    'shows a channel’s own rules, marked, with the freeze in force (%s)',
    (locale) => {
      const msg = renderPolicy(resolveChannelPolicy(fromFile, 'C0123PROD'), locale, NOW);

      expect(checkMessageLimits(msg)).toEqual([]);
      const body = text(msg);
      expect(body).toContain('<#C0123PROD>');
      expect(body).toContain('<@U0123ABCD>');
      expect(body).toContain('<!subteam^S0456EFGH>');
      expect(body).toContain('`ACS-Extension-node-*`');
      expect(body).toContain('Databases');
      expect(body).toContain('`cn-hangzhou`');
      expect(body).toContain('year-end freeze');
      expect(body).toContain('Spring &lt;Festival&gt; &amp; more');
      expect(body).not.toContain('new-year freeze');
      expect(body).toContain(`<!date^${Date.parse(YEAR_END.to) / 1000}^`);
      expect(msg).toMatchSnapshot();
    },
  );

  it('says it in the reader’s language', () => {
    const policy = resolveChannelPolicy(fromFile, 'C0123PROD');

    const en = text(renderPolicy(policy, 'en', NOW));
    const zh = text(renderPolicy(policy, 'zh', NOW));

    expect(en).toContain('Approvals needed ◆*\\n2');
    expect(en).toContain('In force now');
    expect(en).toContain('required above 5 instances');
    expect(en).toContain('install, update');
    expect(zh).toContain('所需批准数 ◆*\\n2');
    expect(zh).toContain('正在生效');
    expect(zh).toContain('超过 5 台实例时必须使用');
    expect(zh).toContain('安装、更新');
  });

  it.each([
    {
      channel: 'C0123PROD',
      own: 'Set for this channel: Approvals needed, Reminder to approvers, Actions, Packages',
    },
    { channel: 'C0OTHER', own: 'the defaults' },
  ])('names which rules $channel sets itself', ({ channel, own }) => {
    const msg = renderPolicy(resolveChannelPolicy(fromFile, channel), 'en', NOW);

    expect(text(msg)).toContain(own);
  });

  it.each([
    { approvers: [], allowSelfApproval: false, expected: 'anyone except the requester' },
    { approvers: [], allowSelfApproval: true, expected: 'anyone in this channel' },
  ])(
    'says who may approve when nobody is named ($expected)',
    ({ approvers, allowSelfApproval, expected }) => {
      const msg = renderPolicy(
        resolveChannelPolicy(policySet({ approvers, allowSelfApproval }), 'C0A'),
        'en',
        NOW,
      );

      expect(text(msg)).toContain(`Who may approve*\\n${expected}`);
    },
  );

  it('says when nothing may be requested, and when no freeze is coming', () => {
    const msg = renderPolicy(
      resolveChannelPolicy(policySet({ actions: [], freeze: [PAST] }), 'C0A'),
      'en',
      NOW,
    );

    expect(text(msg)).toContain('none: this channel cannot request anything');
    expect(text(msg)).toContain('None coming up.');
  });

  it('stays within Slack’s limits with long lists, saying how many more there are', () => {
    const approvers = Array.from({ length: 300 }, (_, i) => `U${String(i).padStart(9, '0')}`);
    const packages = Array.from({ length: 300 }, (_, i) => `ACS-Extension-package-number-${i}-*`);
    const freeze = Array.from({ length: 40 }, (_, i) => ({
      from: new Date(Date.parse('2027-01-01T00:00:00Z') + i * 86_400_000).toISOString(),
      to: new Date(Date.parse('2027-01-01T12:00:00Z') + i * 86_400_000).toISOString(),
      reason: 'x'.repeat(400),
    }));

    const msg = renderPolicy(
      resolveChannelPolicy(policySet({ approvers, packages, freeze }), 'C0A'),
      'en',
      NOW,
    );

    expect(checkMessageLimits(msg)).toEqual([]);
    expect(text(msg)).toMatch(/…and \d+ more/);
  });
});
