/**
 * Thread replies about a request's approval and start: approvals, refusals, rejection, withdrawal,
 * expiry, a blocked start, the start itself and a failed start. Tracking events (progress, reports)
 * are rendered by the tracking views.
 */
import type { KnownBlock } from '@slack/types';
import type { InstallRequest, Locale } from '../../domain/model.js';
import type { RequestEvent } from '../../domain/ports.js';
import { SLASH_COMMAND } from '../ids.js';
import { approversLabel, duplicatesText, mention, statusWord } from './confirmation.js';
import { renderError } from './error.js';
import { SlackLimits } from './limits.js';
import { code, link, type Message, mrkdwnText, truncate } from './text.js';

/** The thread reply for an approval-phase event, or undefined for events rendered elsewhere. */
export function renderApprovalEvent(
  request: InstallRequest,
  event: RequestEvent,
  locale: Locale,
): Message | undefined {
  const required = request.policy.requiredApprovals;
  switch (event.kind) {
    case 'approved': {
      const done = event.count >= event.required;
      return reply(
        tr(
          locale,
          `:white_check_mark: ${mention(event.by)} approved (${event.count}/${event.required}).${done ? ' All approvals are in — starting the installation.' : ` ${event.required - event.count} more needed.`}`,
          `:white_check_mark: ${mention(event.by)} 已批准（${event.count}/${event.required}）。${done ? '审批已全部通过，正在启动安装。' : `还需要 ${event.required - event.count} 个批准。`}`,
        ),
      );
    }
    case 'refused':
      return reply(refusalText(request, event.by, event.reason, locale));
    case 'rejected':
      return reply(
        tr(
          locale,
          `:no_entry: ${mention(event.by)} rejected the request. Nothing will be installed. ${mention(request.requester)}, you can submit a new request with \`${SLASH_COMMAND} install\`.`,
          `:no_entry: ${mention(event.by)} 拒绝了此申请，不会执行任何安装。${mention(request.requester)}，如有需要可用 \`${SLASH_COMMAND} install\` 重新提交申请。`,
        ),
      );
    case 'withdrawn':
      return reply(
        tr(
          locale,
          `:leftwards_arrow_with_hook: ${mention(event.by)} cancelled the request. Nothing will be installed.`,
          `:leftwards_arrow_with_hook: ${mention(event.by)} 撤回了此申请，不会执行任何安装。`,
        ),
      );
    case 'expired':
      return reply(
        tr(
          locale,
          `:hourglass: Request expired: it did not get ${required} approval(s) within ${ttlText(request.policy.ttlMinutes, locale)}. Nothing was installed. ${mention(request.requester)}, submit a new request with \`${SLASH_COMMAND} install\` if it is still needed.`,
          `:hourglass: 申请已过期：未在 ${ttlText(request.policy.ttlMinutes, locale)}内获得 ${required} 个批准，未执行任何安装。${mention(request.requester)}，如仍需安装，请用 \`${SLASH_COMMAND} install\` 重新提交。`,
        ),
      );
    case 'blocked': {
      const blocked = { ...request, duplicates: event.duplicates };
      const advice = tr(
        locale,
        `*What to do:* wait for that execution to finish (or cancel it in the console), then submit a new request with \`${SLASH_COMMAND} install\`.`,
        `*如何处理：* 等待该执行结束（或在控制台中取消它），然后用 \`${SLASH_COMMAND} install\` 重新提交申请。`,
      );
      return reply(
        `${tr(locale, ':warning: *The installation was not started.*', ':warning: *安装未启动。*')}\n${duplicatesText(blocked, locale)}\n${advice}`,
      );
    }
    case 'started':
      return reply(
        tr(
          locale,
          `:rocket: *Installation started.* Execution ID ${code(event.executionId)} — ${link(event.consoleUrl, 'open in the OOS console')}. I will post progress and the final report in this thread.`,
          `:rocket: *安装已启动。* 执行 ID ${code(event.executionId)} — ${link(event.consoleUrl, '在 OOS 控制台中查看')}。我会在此消息串中发布进度和最终报告。`,
        ),
      );
    case 'start_failed': {
      const error = renderError(event.error, locale);
      const head = tr(locale, ':x: *Could not start the installation.*', ':x: *无法启动安装。*');
      const advice = tr(
        locale,
        `Nothing was installed. Once the problem is fixed, submit a new request with \`${SLASH_COMMAND} install\`.`,
        `未执行任何安装。问题解决后，请用 \`${SLASH_COMMAND} install\` 重新提交申请。`,
      );
      return {
        text: truncate(`${plainFallback(head)} ${error.text}`, SlackLimits.text),
        blocks: [
          { type: 'section', text: mrkdwnText(head) },
          ...error.blocks,
          { type: 'context', elements: [mrkdwnText(advice)] },
        ],
      };
    }
    default:
      return undefined;
  }
}

function refusalText(
  request: InstallRequest,
  by: string,
  reason: Extract<RequestEvent, { kind: 'refused' }>['reason'],
  locale: Locale,
): string {
  const who = mention(by);
  switch (reason) {
    case 'not_approver':
      return tr(
        locale,
        `:raised_hand: ${who} is not an approver of this request, so the click was not counted. Who can approve: ${approversLabel(request, locale)}.`,
        `:raised_hand: ${who} 不是此申请的审批人，本次操作未被计入。审批人：${approversLabel(request, locale)}。`,
      );
    case 'self_approval':
      return tr(
        locale,
        `:raised_hand: ${who}, you cannot approve your own request. Ask one of: ${approversLabel(request, locale)}.`,
        `:raised_hand: ${who}，你不能批准自己提交的申请。请联系：${approversLabel(request, locale)}。`,
      );
    case 'already_approved':
      return tr(
        locale,
        `:information_source: ${who} already approved this request (${request.approvals.length}/${request.policy.requiredApprovals}); an approval counts once per person.`,
        `:information_source: ${who} 已经批准过此申请（${request.approvals.length}/${request.policy.requiredApprovals}），每人只计一次。`,
      );
    case 'not_pending':
      return tr(
        locale,
        `:information_source: ${who}, this request is no longer pending (status: ${statusWord(request, 'en')}), so the click had no effect.`,
        `:information_source: ${who}，此申请已不在等待审批状态（状态：${statusWord(request, 'zh')}），本次操作无效。`,
      );
    case 'not_requester':
      return tr(
        locale,
        `:raised_hand: ${who}, only the requester (${mention(request.requester)}) can cancel this request. To stop it, use Reject instead.`,
        `:raised_hand: ${who}，只有申请人（${mention(request.requester)}）可以撤回此申请。如需阻止安装，请点击“拒绝”。`,
      );
  }
}

function ttlText(minutes: number, locale: Locale): string {
  if (minutes % 1440 === 0) return tr(locale, `${minutes / 1440} day(s)`, `${minutes / 1440} 天`);
  if (minutes % 60 === 0) return tr(locale, `${minutes / 60} hour(s)`, `${minutes / 60} 小时`);
  return tr(locale, `${minutes} minute(s)`, `${minutes} 分钟`);
}

function reply(mrkdwn: string): Message {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(mrkdwn) }];
  return { text: truncate(plainFallback(mrkdwn), SlackLimits.text), blocks };
}

/** The notification text: mrkdwn without emoji codes and bold marks. */
function plainFallback(mrkdwn: string): string {
  return mrkdwn
    .replace(/:[a-z_]+: /g, '')
    .replace(/\*/g, '')
    .trim();
}

function tr(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}
