/**
 * `/ecs-ext policy`: the rules in force in a channel (CONTRACT.md "Policy file"), in English or Chinese.
 * Rules the channel sets itself are marked; past freeze windows are left out, a current one is flagged.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import type { ChannelPolicy, FreezeWindow, PolicyRuleName } from '../../domain/policy/channel-policy.js';
import { activeFreeze, currentAndUpcomingFreezes } from '../../domain/policy/freeze.js';
import { categoryOf, isCategoryPattern } from '../../domain/policy/offer.js';
import { messagesFor } from '../i18n/messages.js';
import { mention, slackDate } from './confirmation.js';
import { SlackLimits } from './limits.js';
import { andMore, code, escapeAndTruncate, joinLines, type Message, mrkdwnText, plainText } from './text.js';

/** Most freeze windows listed before "…and N more". */
const MAX_FREEZE_LINES = 10;

/** The policy in force in a channel, as an ephemeral answer; `now` decides which freeze windows matter. */
export function renderPolicy(policy: ChannelPolicy, locale: Locale, now: Date): Message {
  const w = messagesFor(locale).policy;
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
        rules.actions.length > 0 ? rules.actions.map((a) => w.action[a]).join(w.listSeparator) : w.noAction,
      ),
      field('packages', patterns(rules.packages)),
      field('regions', patterns(rules.regions)),
      field('maxInstancesPerRequest', w.atMost(rules.maxInstancesPerRequest)),
      field('requireReason', rules.requireReason ? w.reasonRequired : w.reasonOptional),
      field('canaryAbove', rules.canaryAbove > 0 ? w.canaryAbove(rules.canaryAbove) : w.canaryNever),
    ],
  };

  const channel = `<#${policy.channelId}>`;
  const ownNames = policy.overrides.map((name) => w.labels[name]).join(w.listSeparator);
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
  const actions = rules.actions.map((a) => w.action[a]).join(w.listSeparator) || w.none;
  return { text: w.fallback(channel, rules.requiredApprovals, actions), blocks };
}

function freezeLines(windows: readonly FreezeWindow[], now: Date, locale: Locale): string {
  const w = messagesFor(locale).policy;
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
