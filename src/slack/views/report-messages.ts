/**
 * Thread replies about a running install: progress ("Running — 3/5 done, 1 failed"), Waiting, cancel
 * requests, the pending report and the final report (every contract label), plus the Cancel button shown
 * while the execution runs. Pure functions of the request; texts stay within Slack's limits.
 */
import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import { describeError } from '../../domain/error-text.js';
import type { InstallRequest, Locale, Localized } from '../../domain/model.js';
import { isTerminalStatus } from '../../domain/model.js';
import type { RequestEvent } from '../../domain/ports.js';
import { countInstances } from '../../domain/tracking/progress.js';
import { buildFinalReport, buildPendingReport, type FinalReport } from '../../domain/tracking/report.js';
import { statusIcon, statusName } from '../../domain/tracking/status-text.js';
import { ActionIds } from '../ids.js';
import { blocksTextLength, SlackLimits } from './limits.js';
import {
  andMore,
  code,
  escapeMrkdwn,
  joinLines,
  link,
  type Message,
  mrkdwnText,
  plainText,
  safeHttpUrl,
} from './text.js';

/** A rendered tracking event; `privateText` goes to the requester alone (chat.postEphemeral). */
export interface TrackingMessage extends Message {
  privateText?: string;
}

function say(locale: Locale, text: Localized): string {
  return locale === 'zh' ? text.zh : text.en;
}

/** The message for a tracking event, or undefined for events rendered elsewhere (approvals…). */
export function renderTrackingEvent(
  request: InstallRequest,
  event: RequestEvent,
  locale: Locale,
): TrackingMessage | undefined {
  switch (event.kind) {
    case 'progress':
      return renderProgress(request, locale);
    case 'waiting':
      return renderWaiting(request, locale);
    case 'pending_report':
      return renderReport(
        buildPendingReport(request, { locale, timeoutMinutes: event.timeoutMinutes }),
        locale,
      );
    case 'final_report':
      return renderReport(buildFinalReport(request, { locale }), locale);
    case 'cancel_requested':
      return renderCancelRequested(request, event.by, locale);
    case 'cancel_failed':
      return renderCancelFailed(request, event.by, event.error, locale);
    default:
      return undefined;
  }
}

/** The buttons shown while the execution runs: Cancel (with a confirmation) and View in console. */
export function renderRunningActions(request: InstallRequest, locale: Locale): KnownBlock[] {
  const execution = request.execution;
  if (request.status !== 'running' || !execution || isTerminalStatus(execution.status)) return [];
  const cancel: Button = {
    type: 'button',
    action_id: ActionIds.cancelExecution,
    value: request.id,
    style: 'danger',
    text: plainText(say(locale, { en: 'Cancel installation', zh: '取消安装' }), SlackLimits.buttonText),
    confirm: {
      title: plainText(
        say(locale, { en: 'Cancel this installation?', zh: '取消此次安装？' }),
        SlackLimits.confirmTitle,
      ),
      text: mrkdwnText(
        say(locale, {
          en: `OOS stops execution ${execution.executionId}. Instances that already finished keep the extension.`,
          zh: `OOS 将停止执行 ${execution.executionId}。已完成的实例会保留扩展。`,
        }),
        SlackLimits.confirmText,
      ),
      confirm: plainText(say(locale, { en: 'Cancel it', zh: '确认取消' }), SlackLimits.confirmButton),
      deny: plainText(say(locale, { en: 'Keep running', zh: '继续执行' }), SlackLimits.confirmButton),
      style: 'danger',
    },
  };
  const elements: Button[] = [cancel];
  const console = consoleButton(execution.consoleUrl, locale);
  if (console) elements.push(console);
  return [{ type: 'actions', elements } satisfies ActionsBlock];
}

/** "3/5 done, 1 failed" for the instances of a request. */
function progressText(request: InstallRequest, locale: Locale): string {
  const c = countInstances(request.execution?.instances ?? []);
  const parts =
    locale === 'zh'
      ? [
          `${c.finished}/${c.total} 台已完成`,
          c.failed ? `${c.failed} 台失败` : '',
          c.cancelled ? `${c.cancelled} 台取消` : '',
        ]
      : [
          `${c.finished}/${c.total} done`,
          c.failed ? `${c.failed} failed` : '',
          c.cancelled ? `${c.cancelled} cancelled` : '',
        ];
  return parts.filter(Boolean).join(locale === 'zh' ? '，' : ', ');
}

function renderProgress(request: InstallRequest, locale: Locale): TrackingMessage {
  const execution = request.execution;
  const status = execution?.status ?? 'Unknown';
  const text = `${statusName(status, locale)} — ${progressText(request, locale)}`;
  const name = escapeMrkdwn(request.packageDisplayName || request.packageName);
  const console = execution
    ? ` · ${link(execution.consoleUrl, say(locale, { en: 'console', zh: '控制台' }))}`
    : '';
  const icon = statusIcon(status) ?? '🔄';
  const body = `${icon} *${escapeMrkdwn(statusName(status, locale))}* — ${escapeMrkdwn(progressText(request, locale))} · ${name}${console}`;
  return { text, blocks: [{ type: 'section', text: mrkdwnText(body) }] };
}

function renderWaiting(request: InstallRequest, locale: Locale): TrackingMessage {
  const execution = request.execution;
  const id = execution ? code(execution.executionId) : '';
  const text = say(locale, {
    en: 'Waiting — the execution is paused until someone confirms it in the OOS console',
    zh: '等待确认 — 执行已暂停，需要有人在 OOS 控制台确认',
  });
  const body = say(locale, {
    en: `⏸️ *Waiting for a manual confirmation.* OOS paused execution ${id}: a step needs someone with access to the OOS console to confirm it (or to cancel it) before the installation continues. The bot keeps watching and reports here when it moves on.`,
    zh: `⏸️ *等待人工确认。* OOS 暂停了执行 ${id}：有一个步骤需要有 OOS 控制台权限的人确认（或取消）后，安装才会继续。机器人会继续跟踪，并在状态变化后在此更新。`,
  });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(body) }];
  const console = execution ? consoleButton(execution.consoleUrl, locale) : undefined;
  if (console) blocks.push({ type: 'actions', elements: [console] });
  return { text, blocks };
}

function renderCancelRequested(request: InstallRequest, by: string, locale: Locale): TrackingMessage {
  const id = request.execution ? code(request.execution.executionId) : '';
  const body = say(locale, {
    en: `⏹️ <@${by}> asked OOS to cancel execution ${id}. Instances that already finished keep the extension; the final report follows once OOS confirms the cancellation.`,
    zh: `⏹️ <@${by}> 已请求 OOS 取消执行 ${id}。已完成的实例会保留扩展；OOS 确认取消后会发布最终报告。`,
  });
  return {
    text: say(locale, { en: 'Cancellation requested', zh: '已请求取消' }),
    blocks: [{ type: 'section', text: mrkdwnText(body) }],
  };
}

function renderCancelFailed(
  request: InstallRequest,
  by: string,
  error: unknown,
  locale: Locale,
): TrackingMessage {
  const id = request.execution ? code(request.execution.executionId) : '';
  const problem = describeError(error, locale);
  const why = escapeMrkdwn([`${problem.title}.`, problem.detail, problem.hint].filter(Boolean).join(' '));
  const body = say(locale, {
    en: `⚠️ <@${by}>, the execution ${id} could not be cancelled. ${why}\nIt is still running: try again, or cancel it in the OOS console.`,
    zh: `⚠️ <@${by}>，无法取消执行 ${id}。${why}\n执行仍在进行：请重试，或在 OOS 控制台中取消。`,
  });
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(body) }];
  const console = request.execution ? consoleButton(request.execution.consoleUrl, locale) : undefined;
  if (console) blocks.push({ type: 'actions', elements: [console] });
  return { text: say(locale, { en: 'Cancellation failed', zh: '取消失败' }), blocks };
}

/** Why a Cancel or Retry click did nothing, told privately to the person who clicked. */
export type TrackingRefusal =
  | 'not_found'
  | 'not_running'
  | 'not_allowed'
  | 'already_requested'
  | 'nothing_to_retry';

const REFUSALS: Record<TrackingRefusal, Localized> = {
  not_found: {
    en: 'That request no longer exists. Send `/ecs-ext status` to see your recent requests.',
    zh: '该申请已不存在。发送 `/ecs-ext status` 查看你最近的申请。',
  },
  not_running: {
    en: 'This installation is not running any more, so there is nothing to cancel. See its final report in the thread.',
    zh: '该安装已不在运行，无需取消。请查看线程中的最终报告。',
  },
  not_allowed: {
    en: 'Only the requester or an approver can cancel this installation. Ask one of them, or an OOS console user.',
    zh: '只有申请人或审批人可以取消此安装。请联系他们，或有 OOS 控制台权限的人。',
  },
  already_requested: {
    en: 'A cancellation was already requested; the final report follows once OOS confirms it.',
    zh: '已经请求过取消；OOS 确认后会发布最终报告。',
  },
  nothing_to_retry: {
    en: 'Every instance of this request succeeded (or it has not finished yet): there is nothing to retry.',
    zh: '该申请的所有实例均已成功（或尚未结束）：没有需要重试的实例。',
  },
};

/** A private note explaining a refused Cancel or Retry click. */
export function renderTrackingRefusal(reason: TrackingRefusal, locale: Locale): Message {
  const text = say(locale, REFUSALS[reason]);
  return { text, blocks: [{ type: 'section', text: mrkdwnText(text) }] };
}

/** Detail sections at most; more instance lines end in "…and N more". */
const MAX_DETAIL_SECTIONS = 10;
/** Kept free for block text the budget does not count exactly (labels, separators). */
const TEXT_MARGIN = 300;

/** The final (or pending) report as blocks: labelled fields, result details, suggestions, buttons. */
function renderReport(report: FinalReport, locale: Locale): TrackingMessage {
  const [name, target, parameters, executionId, status, completion] = report.fields;
  const field = (f: typeof name) => (f ? `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}` : '-');
  const head: KnownBlock[] = [
    { type: 'header', text: plainText(report.title, SlackLimits.headerText) },
    {
      type: 'section',
      fields: [name, executionId, status, completion].map((f) => mrkdwnText(field(f), SlackLimits.fieldText)),
    },
    { type: 'section', text: mrkdwnText(field(target)) },
    { type: 'section', text: mrkdwnText(field(parameters)) },
  ];
  const suggestions = joinLines(
    report.followUp.items.map((s) => `• ${escapeMrkdwn(s)}`),
    SlackLimits.text - report.followUp.label.length - 4,
    (n) => andMore(n, locale),
  );
  const tail: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(`*${escapeMrkdwn(report.followUp.label)}*\n${suggestions}`) },
    {
      type: 'context',
      elements: [
        mrkdwnText(
          say(locale, {
            en: `Requested by <@${report.requester}> · request ${code(report.requestId)}`,
            zh: `申请人 <@${report.requester}> · 申请 ${code(report.requestId)}`,
          }),
        ),
      ],
    },
  ];
  const buttons: Button[] = [];
  if (report.outcome !== 'pending' && report.failedInstanceIds.length > 0) {
    buttons.push({
      type: 'button',
      action_id: ActionIds.retryFailed,
      value: report.requestId,
      style: 'primary',
      text: plainText(
        say(locale, {
          en: `Retry failed instances (${report.failedInstanceIds.length})`,
          zh: `重试失败实例（${report.failedInstanceIds.length}）`,
        }),
        SlackLimits.buttonText,
      ),
    });
  }
  const console = consoleButton(report.consoleUrl, locale);
  if (console) buttons.push(console);
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });

  const note: KnownBlock[] = report.resultDetails.note
    ? [{ type: 'context', elements: [mrkdwnText(escapeMrkdwn(report.resultDetails.note))] }]
    : [];
  const used = blocksTextLength([...head, ...tail, ...note]);
  const budget = SlackLimits.messageBlocksTextTotal - used - TEXT_MARGIN;
  const details = detailSections(report, budget, locale);
  const fallback = `<@${report.requester}> ${report.summary}`;
  const message: TrackingMessage = {
    text: fallback.slice(0, SlackLimits.text),
    blocks: [...head, ...details, ...note, ...tail],
  };
  if (report.privateText) message.privateText = report.privateText;
  return message;
}

/** Result Details packed into sections of at most 3000 characters, within `budget` characters in all. */
function detailSections(report: FinalReport, budget: number, locale: Locale): SectionBlock[] {
  const label = `*${escapeMrkdwn(report.resultDetails.label)}*`;
  const items = report.resultDetails.items.map((item) => escapeMrkdwn(item));
  const sections: string[][] = [[label]];
  const max = SlackLimits.text - 40;
  let remaining = budget - label.length;
  let index = 0;
  for (; index < items.length; index++) {
    const item = items[index] ?? '';
    const current = sections[sections.length - 1] ?? [];
    const length = current.join('\n').length;
    const fitsHere = length + 1 + item.length <= max;
    if (item.length + 1 > remaining) break;
    if (fitsHere) current.push(item);
    else if (sections.length < MAX_DETAIL_SECTIONS && item.length <= max) sections.push([item]);
    else break;
    remaining -= item.length + 1;
  }
  const left = items.length - index;
  if (left > 0) {
    const last = sections[sections.length - 1] ?? [];
    last.push(andMore(left, locale));
  }
  return sections.map((lines) => ({ type: 'section', text: mrkdwnText(lines.join('\n')) }));
}

function consoleButton(url: string, locale: Locale): Button | undefined {
  const safe = safeHttpUrl(url);
  if (!safe) return undefined;
  return {
    type: 'button',
    action_id: ActionIds.viewConsole,
    url: safe,
    text: plainText(say(locale, { en: 'View in console', zh: '在控制台查看' }), SlackLimits.buttonText),
  };
}
