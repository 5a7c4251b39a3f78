/**
 * `/ecs-ext status`: the full state of one install request (parameters, approvals, execution, history)
 * and the list of a user's recent requests.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { HistoryEntry, InstallRequest, InstanceOutcome, Locale } from '../../domain/model.js';
import { SLASH_COMMAND } from '../ids.js';
import {
  approvalText,
  duplicatesText,
  executionText,
  instancesText,
  joinItems,
  mention,
  parametersText,
  slackDate,
  statusLine,
  statusWord,
  summaryFields,
} from './confirmation.js';
import { SlackLimits } from './limits.js';
import { andMore, code, escapeMrkdwn, type Message, mrkdwnText, plainText, truncate } from './text.js';

const BUDGET = { outcomes: 2000, history: 2500 } as const;
/** Requests listed by `renderRecentRequests` (one block each, within the 50 blocks of a message). */
const MAX_RECENT = 40;

/** Everything known about one request, for `/ecs-ext status <id>`. */
export function renderRequestStatus(request: InstallRequest, locale: Locale): Message {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plainText(
        tr(locale, `Install request ${request.id}`, `安装申请 ${request.id}`),
        SlackLimits.headerText,
      ),
    },
    section(statusLine(request, locale)),
    {
      type: 'section',
      fields: summaryFields(request, locale).map((f) => mrkdwnText(f, SlackLimits.fieldText)),
    },
    section(instancesText(request, locale)),
    section(parametersText(request, locale)),
    section(approvalText(request, locale)),
  ];
  if (request.duplicates.length > 0) blocks.push(section(duplicatesText(request, locale)));
  if (request.execution) {
    const outcomes = request.execution.instances.map((o) => outcomeLine(o));
    blocks.push(
      section(
        `${executionText(request.execution, locale)}\n${joinItems(outcomes, '\n', BUDGET.outcomes, (n) => andMore(n, locale))}`,
      ),
    );
  }
  blocks.push(section(historyText(request, locale)));
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(
        request.status === 'pending'
          ? tr(
              locale,
              `Created ${slackDate(request.createdAt)} · expires ${slackDate(request.expiresAt)}`,
              `创建于 ${slackDate(request.createdAt)} · 过期时间 ${slackDate(request.expiresAt)}`,
            )
          : tr(
              locale,
              `Created ${slackDate(request.createdAt)} · updated ${slackDate(request.updatedAt)}`,
              `创建于 ${slackDate(request.createdAt)} · 更新于 ${slackDate(request.updatedAt)}`,
            ),
      ),
    ],
  });
  const text = tr(
    locale,
    `Install request ${request.id} (${request.packageDisplayName}): ${statusWord(request, locale)}`,
    `安装申请 ${request.id}（${request.packageDisplayName}）：${statusWord(request, locale)}`,
  );
  return { text: truncate(text, SlackLimits.text), blocks };
}

/** A user's recent requests, newest first, one line each. */
export function renderRecentRequests(requests: InstallRequest[], locale: Locale): Message {
  if (requests.length === 0) {
    const text = tr(
      locale,
      `You have no install requests yet. Start one with \`${SLASH_COMMAND} install\`.`,
      `你还没有安装申请。可以用 \`${SLASH_COMMAND} install\` 发起一个。`,
    );
    return { text, blocks: [section(text)] };
  }
  const shown = requests.slice(0, MAX_RECENT);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plainText(tr(locale, 'Your recent install requests', '你最近的安装申请'), SlackLimits.headerText),
    },
    ...shown.map((r) => section(recentLine(r, locale))),
  ];
  const notes = [
    tr(
      locale,
      `Details: \`${SLASH_COMMAND} status <request id or execution id>\``,
      `查看详情：\`${SLASH_COMMAND} status <申请 ID 或执行 ID>\``,
    ),
  ];
  if (requests.length > shown.length) notes.unshift(andMore(requests.length - shown.length, locale));
  blocks.push({ type: 'context', elements: [mrkdwnText(notes.join(' · '))] });
  const text = tr(
    locale,
    `Your ${requests.length} most recent install request(s)`,
    `你最近的 ${requests.length} 个安装申请`,
  );
  return { text, blocks };
}

function recentLine(request: InstallRequest, locale: Locale): string {
  const execution = request.execution ? ` · ${code(request.execution.executionId)}` : '';
  return tr(
    locale,
    `*${escapeMrkdwn(truncate(request.packageDisplayName, 150))}* ${code(request.id)} — ${statusWord(request, locale)}\n${code(request.regionId)} · ${request.instanceIds.length} instance(s) · ${slackDate(request.createdAt)}${execution}`,
    `*${escapeMrkdwn(truncate(request.packageDisplayName, 150))}* ${code(request.id)} — ${statusWord(request, locale)}\n${code(request.regionId)} · ${request.instanceIds.length} 台实例 · ${slackDate(request.createdAt)}${execution}`,
  );
}

function outcomeLine(outcome: InstanceOutcome): string {
  const icon =
    outcome.status === 'Success'
      ? ':white_check_mark:'
      : outcome.status === 'Failed'
        ? ':x:'
        : outcome.status === 'Cancelled'
          ? ':no_entry_sign:'
          : ':hourglass_flowing_sand:';
  const message = outcome.message
    ? ` — ${escapeMrkdwn(truncate(outcome.message.replace(/\s+/g, ' '), 200))}`
    : '';
  return `${icon} ${code(outcome.instanceId)} ${escapeMrkdwn(outcome.status)}${message}`;
}

function historyText(request: InstallRequest, locale: Locale): string {
  const head = tr(locale, '*History*', '*历史记录*');
  const lines = request.history.map((h) => `• ${slackDate(h.at)} ${historyWords(h, request, locale)}`);
  // Newest entries matter most: keep them, and say how many earlier ones were left out.
  const reversed = joinItems([...lines].reverse(), '\n', BUDGET.history, (n) =>
    tr(locale, `…${n} earlier entries`, `…更早的 ${n} 条记录`),
  );
  return `${head}\n${reversed.split('\n').reverse().join('\n') || '-'}`;
}

function historyWords(entry: HistoryEntry, request: InstallRequest, locale: Locale): string {
  const who = entry.actor ? mention(entry.actor) : '';
  const detail = entry.detail ? escapeMrkdwn(truncate(entry.detail.replace(/\s+/g, ' '), 300)) : '';
  switch (entry.type) {
    case 'created':
      return tr(
        locale,
        `requested by ${who || mention(request.requester)}`,
        `由 ${who || mention(request.requester)} 提交`,
      );
    case 'approved':
      return tr(locale, `approved by ${who}`, `${who} 批准`);
    case 'rejected':
      return tr(locale, `rejected by ${who}`, `${who} 拒绝`);
    case 'refused':
      return tr(
        locale,
        `click refused for ${who}${detail ? `: ${detail}` : ''}`,
        `${who} 的操作被拒绝${detail ? `：${detail}` : ''}`,
      );
    case 'expired':
      return tr(locale, 'expired', '已过期');
    case 'withdrawn':
      return who
        ? tr(locale, `cancelled by ${who}`, `${who} 撤回`)
        : tr(locale, `dropped${detail ? `: ${detail}` : ''}`, `已丢弃${detail ? `：${detail}` : ''}`);
    case 'starting':
      return tr(locale, 'starting the installation', '正在启动安装');
    case 'started':
      return tr(
        locale,
        `execution started${detail ? ` (${detail})` : ''}`,
        `执行已启动${detail ? `（${detail}）` : ''}`,
      );
    case 'start_failed':
      return tr(
        locale,
        `start failed${detail ? `: ${detail}` : ''}`,
        `启动失败${detail ? `：${detail}` : ''}`,
      );
    case 'blocked':
      return tr(locale, `not started${detail ? `: ${detail}` : ''}`, `未启动${detail ? `：${detail}` : ''}`);
    case 'status':
      return tr(locale, `execution status ${detail}`, `执行状态 ${detail}`);
    case 'cancel_requested':
      return tr(locale, `cancellation requested by ${who}`, `${who} 请求取消执行`);
    case 'cancel_failed':
      return tr(
        locale,
        `cancellation failed${detail ? `: ${detail}` : ''}`,
        `取消失败${detail ? `：${detail}` : ''}`,
      );
    case 'pending_report':
      return tr(
        locale,
        'still running at the poll timeout; pending report posted',
        '轮询超时仍在运行，已发布进度报告',
      );
    case 'final_report':
      return tr(locale, 'final report posted', '已发布最终报告');
    case 'error':
      return tr(locale, `error${detail ? `: ${detail}` : ''}`, `错误${detail ? `：${detail}` : ''}`);
  }
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwnText(text) };
}

function tr(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}
