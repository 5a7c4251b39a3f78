/**
 * `/ecs-ext policy`: the rules in force in a channel (CONTRACT.md "Policy file"), in English or Chinese.
 * Rules the channel sets itself are marked; past freeze windows are left out, a current one is flagged.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import type {
  ChannelPolicy,
  FreezeWindow,
  PolicyAction,
  PolicyRuleName,
} from '../../domain/policy/channel-policy.js';
import { activeFreeze, currentAndUpcomingFreezes } from '../../domain/policy/freeze.js';
import { categoryOf, isCategoryPattern } from '../../domain/policy/offer.js';
import { SLASH_COMMAND } from '../ids.js';
import { mention, slackDate } from './confirmation.js';
import { SlackLimits } from './limits.js';
import { andMore, code, escapeAndTruncate, joinLines, type Message, mrkdwnText, plainText } from './text.js';

// The words of this view, one object per language with the same shape (a missing entry is a type
// error). They move to the shared message catalog once it exists.
const en = {
  header: 'Policy in this channel',
  intro: (channel: string, own: string) =>
    own
      ? `Rules for ${channel}. Set for this channel: ${own}; the rest are the defaults.`
      : `Rules for ${channel}: the defaults.`,
  fromEnv: 'No policy file is configured: the ECS_EXT_APPROVERS… variables are the policy for every channel.',
  approvalTitle: '*Approval*',
  requestTitle: '*What may be requested*',
  freezeTitle: '*Freeze windows* (nothing may be submitted or approved inside them)',
  labels: {
    approvers: 'Who may approve',
    requiredApprovals: 'Approvals needed',
    allowSelfApproval: 'Requester may approve',
    approvalTtlMinutes: 'Expires if not approved within',
    remindApprovers: 'Reminder to approvers',
    actions: 'Actions',
    packages: 'Packages',
    regions: 'Regions',
    maxInstancesPerRequest: 'Instances per request',
    requireReason: 'Reason',
    canaryAbove: 'Canary or waves',
    freeze: 'Freeze windows',
  } satisfies Record<PolicyRuleName, string>,
  anyoneButRequester: 'anyone except the requester',
  anyone: 'anyone in this channel',
  yes: 'yes',
  no: 'no',
  reminderAt: (after: string) => `once, after ${after}`,
  off: 'off',
  action: { install: 'install', update: 'update', uninstall: 'uninstall' } satisfies Record<
    PolicyAction,
    string
  >,
  noAction: 'none: this channel cannot request anything',
  any: 'any',
  none: 'none',
  category: (name: string) => `category ${name}`,
  atMost: (n: number) => `at most ${n}`,
  reasonRequired: 'required',
  reasonOptional: 'optional',
  canaryAbove: (n: number) => `required above ${n} instance${n === 1 ? '' : 's'}`,
  canaryNever: 'not required',
  noFreeze: 'None coming up.',
  window: (from: string, to: string, reason: string) => `${from} → ${to}: ${reason}`,
  inForce: (until: string) => `*In force now*, until ${until}`,
  duration: (minutes: number) =>
    minutes % 1440 === 0
      ? `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
      : minutes % 60 === 0
        ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
        : `${minutes} minute${minutes === 1 ? '' : 's'}`,
  mark: ' ◆',
  footer: (version: string) =>
    `◆ set for this channel · policy version ${version} · send \`${SLASH_COMMAND} help\` for usage`,
  fallback: (channel: string, needed: number, actions: string) =>
    `Policy in this channel (${channel}): ${needed} approval(s) needed; actions: ${actions}.`,
};

const zh: typeof en = {
  header: '本频道的策略',
  intro: (channel, own) =>
    own
      ? `${channel} 的规则。本频道单独设置了：${own}；其余沿用默认值。`
      : `${channel} 的规则：全部沿用默认值。`,
  fromEnv: '未配置策略文件：ECS_EXT_APPROVERS… 等变量即是所有频道的策略。',
  approvalTitle: '*审批*',
  requestTitle: '*可以申请的内容*',
  freezeTitle: '*冻结窗口*（窗口内不能提交或批准申请）',
  labels: {
    approvers: '谁可以批准',
    requiredApprovals: '所需批准数',
    allowSelfApproval: '申请人可自己批准',
    approvalTtlMinutes: '未获批准的过期时间',
    remindApprovers: '提醒审批人',
    actions: '操作',
    packages: '扩展程序',
    regions: '地域',
    maxInstancesPerRequest: '每个申请的实例数',
    requireReason: '申请理由',
    canaryAbove: '金丝雀或分批',
    freeze: '冻结窗口',
  },
  anyoneButRequester: '除申请人以外的任何人',
  anyone: '本频道中的任何人',
  yes: '是',
  no: '否',
  reminderAt: (after) => `等待 ${after}后提醒一次`,
  off: '关闭',
  action: { install: '安装', update: '更新', uninstall: '卸载' },
  noAction: '无：本频道不能提交任何申请',
  any: '不限',
  none: '无',
  category: (name) => `类别 ${name}`,
  atMost: (n) => `最多 ${n} 台`,
  reasonRequired: '必填',
  reasonOptional: '选填',
  canaryAbove: (n) => `超过 ${n} 台实例时必须使用`,
  canaryNever: '不要求',
  noFreeze: '近期没有冻结窗口。',
  window: (from, to, reason) => `${from} → ${to}：${reason}`,
  inForce: (until) => `*正在生效*，直到 ${until}`,
  duration: (minutes) =>
    minutes % 1440 === 0
      ? `${minutes / 1440} 天`
      : minutes % 60 === 0
        ? `${minutes / 60} 小时`
        : `${minutes} 分钟`,
  mark: ' ◆',
  footer: (version) => `◆ 为本频道单独设置 · 策略版本 ${version} · 发送 \`${SLASH_COMMAND} help\` 查看用法`,
  fallback: (channel, needed, actions) =>
    `本频道（${channel}）的策略：需要 ${needed} 个批准；可用操作：${actions}。`,
};

const WORDS: Record<Locale, typeof en> = { en, zh };

/** Most freeze windows listed before "…and N more". */
const MAX_FREEZE_LINES = 10;

/** The policy in force in a channel, as an ephemeral answer; `now` decides which freeze windows matter. */
export function renderPolicy(policy: ChannelPolicy, locale: Locale, now: Date): Message {
  const w = WORDS[locale];
  const { rules } = policy;
  const own = new Set(policy.overrides);
  const more = (n: number) => andMore(n, locale);
  const field = (name: PolicyRuleName, value: string) =>
    mrkdwnText(`*${w.labels[name]}${own.has(name) ? w.mark : ''}*\n${value}`, SlackLimits.fieldText);
  const list = (items: string[], empty: string) =>
    items.length === 0 ? empty : joinLines(items, SlackLimits.fieldText - 100, more, 20);

  const approvers =
    rules.approvers.length > 0
      ? list(rules.approvers.map(mention), w.none)
      : rules.allowSelfApproval
        ? w.anyone
        : w.anyoneButRequester;
  const approval: SectionBlock = {
    type: 'section',
    text: mrkdwnText(w.approvalTitle),
    fields: [
      field('approvers', approvers),
      field('requiredApprovals', String(rules.requiredApprovals)),
      field('allowSelfApproval', rules.allowSelfApproval ? w.yes : w.no),
      field('approvalTtlMinutes', w.duration(rules.approvalTtlMinutes)),
      field(
        'remindApprovers',
        rules.remindApprovers ? w.reminderAt(w.duration(rules.approvalTtlMinutes / 2)) : w.off,
      ),
    ],
  };

  const patterns = (items: string[]) =>
    items.includes('*')
      ? w.any
      : list(
          items.map((p) =>
            isCategoryPattern(p) ? escapeAndTruncate(w.category(categoryOf(p)), 200) : code(p),
          ),
          w.none,
        );
  const request: SectionBlock = {
    type: 'section',
    text: mrkdwnText(w.requestTitle),
    fields: [
      field(
        'actions',
        rules.actions.length > 0 ? rules.actions.map((a) => w.action[a]).join(', ') : w.noAction,
      ),
      field('packages', patterns(rules.packages)),
      field('regions', patterns(rules.regions)),
      field('maxInstancesPerRequest', w.atMost(rules.maxInstancesPerRequest)),
      field('requireReason', rules.requireReason ? w.reasonRequired : w.reasonOptional),
      field('canaryAbove', rules.canaryAbove > 0 ? w.canaryAbove(rules.canaryAbove) : w.canaryNever),
    ],
  };

  const channel = `<#${policy.channelId}>`;
  const ownNames = policy.overrides.map((name) => w.labels[name]).join(locale === 'zh' ? '、' : ', ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(w.header, SlackLimits.headerText) },
    {
      type: 'section',
      text: mrkdwnText(
        policy.source === 'env' ? `${w.intro(channel, '')}\n${w.fromEnv}` : w.intro(channel, ownNames),
      ),
    },
    approval,
    request,
    {
      type: 'section',
      text: mrkdwnText(
        `${w.freezeTitle}${own.has('freeze') ? w.mark : ''}\n${freezeLines(rules.freeze, now, locale)}`,
      ),
    },
    { type: 'context', elements: [mrkdwnText(w.footer(code(policy.version)))] },
  ];
  const actions = rules.actions.map((a) => w.action[a]).join(', ') || w.none;
  return { text: w.fallback(channel, rules.requiredApprovals, actions), blocks };
}

function freezeLines(windows: readonly FreezeWindow[], now: Date, locale: Locale): string {
  const w = WORDS[locale];
  const coming = currentAndUpcomingFreezes(windows, now);
  if (coming.length === 0) return w.noFreeze;
  const active = activeFreeze(windows, now);
  const lines = coming.map(
    (window) =>
      `• ${w.window(slackDate(window.from), slackDate(window.to), escapeAndTruncate(window.reason, 300))}`,
  );
  if (active) lines.unshift(w.inForce(slackDate(active.until)));
  return joinLines(lines, SlackLimits.text - 200, (n) => andMore(n, locale), MAX_FREEZE_LINES);
}
