/**
 * The confirmation message of an install request (contract: posted in the request's channel, shows
 * RegionId, every InstanceId, PackageName, parameters with defaults, requester, pre-flight findings, asks
 * for confirmation, buttons `approve` / `reject`). The same builder re-renders it as the request moves
 * on, so its status line and buttons always match the stored state (Cancel and View in console while
 * the execution runs). Also exports the pieces the thread replies and the status view reuse.
 */
import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import {
  type ExecutionTracking,
  type InstallRequest,
  type Locale,
  type PreflightInstance,
  SECRET_MASK,
} from '../../domain/model.js';
import { ActionIds } from '../ids.js';
import { SlackLimits } from './limits.js';
import { renderRunningActions } from './report-messages.js';
import { andMore, code, escapeMrkdwn, link, type Message, mrkdwnText, plainText, truncate } from './text.js';

/** The sentence the contract requires on the confirmation message. */
export const CONFIRM_SENTENCE_EN =
  'Please confirm the above parameters are correct before I proceed with installation.';
const CONFIRM_SENTENCE_ZH = '请确认以上参数无误，确认后我将开始安装。';

/** Character budgets of the message's longer sections (the sum stays well under Slack's ~12k cap). */
const BUDGET = { instances: 1500, parameters: 2600, preflight: 2400, duplicates: 1000, value: 160 } as const;

/** Block id of the buttons row. */
export const REQUEST_ACTIONS_BLOCK = 'request_actions';

/** Extra context for rendering: approver names when the caller resolved them. */
export interface ConfirmationContext {
  locale: Locale;
  /** Ready-made mrkdwn labels of the approvers; default: mentions built from the policy's ids. */
  approverLabels?: string[];
}

/** The confirmation message of an install request in its current state. */
export function renderConfirmation(request: InstallRequest, ctx: ConfirmationContext): Message {
  const { locale } = ctx;
  const pending = request.status === 'pending';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plainText(
        tr(
          locale,
          `Install request: ${request.packageDisplayName}`,
          `安装申请：${request.packageDisplayName}`,
        ),
        SlackLimits.headerText,
      ),
    },
    ...requestSummaryBlocks(request, locale),
    section(preflightText(request.preflight, locale)),
  ];
  if (request.duplicates.length > 0) blocks.push(section(duplicatesText(request, locale)));
  if (request.execution) blocks.push(section(executionText(request.execution, locale)));
  blocks.push(section(approvalText(request, locale, ctx.approverLabels)));
  if (pending) {
    blocks.push(
      {
        type: 'context',
        elements: [
          mrkdwnText(
            tr(
              locale,
              `Request \`${request.id}\` · expires ${slackDate(request.expiresAt)}`,
              `申请 \`${request.id}\` · 过期时间 ${slackDate(request.expiresAt)}`,
            ),
          ),
        ],
      },
      // The contract's English sentence stays on every confirmation; Chinese readers get theirs first.
      section(tr(locale, `*${CONFIRM_SENTENCE_EN}*`, `*${CONFIRM_SENTENCE_ZH}*\n_${CONFIRM_SENTENCE_EN}_`)),
      actionsBlock(request, locale),
    );
  } else {
    // While OOS runs it: Cancel and View in console (nothing once the execution ended).
    blocks.push(...renderRunningActions(request, locale), {
      type: 'context',
      elements: [mrkdwnText(tr(locale, `Request \`${request.id}\``, `申请 \`${request.id}\``))],
    });
  }
  const text = tr(
    locale,
    `Install request ${request.id}: ${request.packageDisplayName} on ${request.instanceIds.length} instance(s) in ${request.regionId} — ${statusWord(request, locale)}`,
    `安装申请 ${request.id}：在 ${request.regionId} 的 ${request.instanceIds.length} 台实例上安装 ${request.packageDisplayName} — ${statusWord(request, locale)}`,
  );
  return { text: truncate(text, SlackLimits.text), blocks };
}

/**
 * Where the request stands, its summary fields, every instance and the parameters: the top of the
 * confirmation and of `/ecs-ext status <id>`.
 */
export function requestSummaryBlocks(request: InstallRequest, locale: Locale): KnownBlock[] {
  return [
    section(statusLine(request, locale)),
    {
      type: 'section',
      fields: summaryFields(request, locale).map((f) => mrkdwnText(f, SlackLimits.fieldText)),
    },
    section(instancesText(request, locale)),
    section(parametersText(request, locale)),
  ];
}

/** One line (mrkdwn) saying where the request stands, for the top of the message. */
function statusLine(request: InstallRequest, locale: Locale): string {
  const approvals = `${request.approvals.length}/${request.policy.requiredApprovals}`;
  const actor = lastActor(request, request.status === 'rejected' ? 'rejected' : 'withdrawn');
  const counts = request.execution ? executionCounts(request.execution, locale) : '';
  switch (request.status) {
    case 'pending':
      return tr(
        locale,
        `:hourglass_flowing_sand: *Waiting for approval* — ${approvals} approvals`,
        `:hourglass_flowing_sand: *等待审批* — 已批准 ${approvals}`,
      );
    case 'starting':
      return tr(
        locale,
        ':rocket: *Approved — starting the installation…*',
        ':rocket: *已批准，正在启动安装…*',
      );
    case 'running':
      return tr(
        locale,
        `:arrows_counterclockwise: *Installing* — OOS status ${escapeMrkdwn(request.execution?.status ?? 'Started')}${counts ? `; ${counts}` : ''}`,
        `:arrows_counterclockwise: *正在安装* — OOS 状态 ${escapeMrkdwn(request.execution?.status ?? 'Started')}${counts ? `；${counts}` : ''}`,
      );
    case 'succeeded':
      return tr(
        locale,
        `:white_check_mark: *Installed successfully*${counts ? ` — ${counts}` : ''}`,
        `:white_check_mark: *安装成功*${counts ? ` — ${counts}` : ''}`,
      );
    case 'failed':
      return tr(
        locale,
        `:x: *Installation failed*${counts ? ` — ${counts}` : ''}`,
        `:x: *安装失败*${counts ? ` — ${counts}` : ''}`,
      );
    case 'cancelled':
      return tr(
        locale,
        `:no_entry_sign: *Installation cancelled*${counts ? ` — ${counts}` : ''}`,
        `:no_entry_sign: *安装已取消*${counts ? ` — ${counts}` : ''}`,
      );
    case 'rejected':
      return tr(
        locale,
        `:no_entry: *Rejected*${actor ? ` by ${mention(actor)}` : ''} — nothing was installed`,
        `:no_entry: *已被${actor ? ` ${mention(actor)} ` : ''}拒绝* — 未执行任何安装`,
      );
    case 'expired':
      return tr(
        locale,
        `:hourglass: *Expired* — it did not get ${request.policy.requiredApprovals} approval(s) in time; nothing was installed`,
        `:hourglass: *已过期* — 未能及时获得 ${request.policy.requiredApprovals} 个批准，未执行任何安装`,
      );
    case 'withdrawn':
      return tr(
        locale,
        `:leftwards_arrow_with_hook: *Withdrawn*${actor ? ` by ${mention(actor)}` : ''} — nothing was installed`,
        `:leftwards_arrow_with_hook: *已${actor ? `由 ${mention(actor)} ` : ''}撤回* — 未执行任何安装`,
      );
    case 'blocked':
      return tr(
        locale,
        ':warning: *Not started* — another execution is already installing this extension on some of these instances',
        ':warning: *未启动* — 已有另一个执行正在这些实例上安装该扩展程序',
      );
    case 'start_failed': {
      const detail = lastDetail(request, 'start_failed');
      return tr(
        locale,
        `:x: *Could not start the installation*${detail ? ` — ${escapeMrkdwn(truncate(detail, 600))}` : ''}`,
        `:x: *无法启动安装*${detail ? ` — ${escapeMrkdwn(truncate(detail, 600))}` : ''}`,
      );
    }
  }
}

/** A short word for the status, for fallback texts and lists. */
export function statusWord(request: Pick<InstallRequest, 'status'>, locale: Locale): string {
  const words: Record<InstallRequest['status'], [string, string]> = {
    pending: ['waiting for approval', '等待审批'],
    starting: ['starting', '正在启动'],
    running: ['installing', '正在安装'],
    succeeded: ['succeeded', '安装成功'],
    failed: ['failed', '安装失败'],
    cancelled: ['cancelled', '已取消'],
    rejected: ['rejected', '已拒绝'],
    expired: ['expired', '已过期'],
    withdrawn: ['withdrawn', '已撤回'],
    blocked: ['not started (duplicate)', '未启动（重复执行）'],
    start_failed: ['could not start', '启动失败'],
  };
  const [en, zh] = words[request.status];
  return tr(locale, en, zh);
}

/** "2 succeeded · 1 failed · 3 in progress" from the per-instance outcomes. */
export function executionCounts(execution: ExecutionTracking, locale: Locale): string {
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  let other = 0;
  for (const instance of execution.instances) {
    if (instance.status === 'Success') succeeded++;
    else if (instance.status === 'Failed') failed++;
    else if (instance.status === 'Cancelled') cancelled++;
    else other++;
  }
  const parts = [
    succeeded ? tr(locale, `${succeeded} succeeded`, `${succeeded} 台成功`) : '',
    failed ? tr(locale, `${failed} failed`, `${failed} 台失败`) : '',
    cancelled ? tr(locale, `${cancelled} cancelled`, `${cancelled} 台已取消`) : '',
    other ? tr(locale, `${other} in progress`, `${other} 台进行中`) : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

/** The mrkdwn lines of the installation parameters: secrets masked, defaults marked. */
export function parameterLines(request: InstallRequest, locale: Locale): string[] {
  const names = [...Object.keys(request.parameters)];
  for (const name of request.defaultsUsed) if (!names.includes(name)) names.push(name);
  return names.map((name) => {
    const isDefault = request.defaultsUsed.includes(name);
    const mark = isDefault ? ` _${tr(locale, '(default)', '（默认值）')}_` : '';
    if (!(name in request.parameters)) {
      return `• ${code(name)}: _${tr(locale, 'template default', '模板默认值')}_`;
    }
    return `• ${code(name)}: ${formatValue(request.parameters[name], request.secretParameterNames.includes(name), locale)}${mark}`;
  });
}

/** The section text listing approvers, approvals needed and given. */
export function approvalText(request: InstallRequest, locale: Locale, approverLabels?: string[]): string {
  const who = approversLabel(request, locale, approverLabels);
  const given = request.approvals.map((a) => mention(a.userId)).join(', ');
  const required = request.policy.requiredApprovals;
  return tr(
    locale,
    `*Who can approve:* ${who}\n*Approvals:* ${request.approvals.length} of ${required} needed${given ? ` (${given})` : ''}`,
    `*审批人：* ${who}\n*批准：* 需要 ${required} 个，已有 ${request.approvals.length} 个${given ? `（${given}）` : ''}`,
  );
}

/** Approvers as Slack mentions (users and user groups), or who may approve when no list is set. */
export function approversLabel(request: InstallRequest, locale: Locale, approverLabels?: string[]): string {
  const labels = approverLabels ?? request.policy.approvers.map(mention);
  if (labels.length > 0) return joinItems(labels, ', ', 1200, (n) => andMore(n, locale));
  return request.policy.allowSelfApproval
    ? tr(locale, 'anyone in this channel', '本频道中的任何人')
    : tr(locale, 'anyone except the requester', '除申请人以外的任何人');
}

/** A Slack mention of a user (`U…`/`W…`) or a user group (`S…`). */
export function mention(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

/** A date Slack shows in the reader's time zone, with a UTC fallback. */
export function slackDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeMrkdwn(iso);
  const unix = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} {time}|${fallback}>`;
}

/** The mrkdwn text of the running duplicates, with console links. */
export function duplicatesText(request: InstallRequest, locale: Locale): string {
  const lines = request.duplicates.map((d) => {
    const instances = joinItems(
      d.instanceIds.map((id) => code(id)),
      ' ',
      300,
      (n) => andMore(n, locale),
    );
    return `• ${link(d.consoleUrl, d.executionId)} (${escapeMrkdwn(d.status)}) — ${instances}`;
  });
  const head = tr(
    locale,
    ':warning: *Already running:* another execution installs this extension on some of these instances. The install will not start while it runs.',
    ':warning: *已在运行：* 另一个执行正在这些实例上安装该扩展程序，在它结束之前本次安装不会启动。',
  );
  return `${head}\n${joinItems(lines, '\n', BUDGET.duplicates, (n) => andMore(n, locale))}`;
}

/** The mrkdwn text of an execution: id, console link, status. */
export function executionText(execution: ExecutionTracking, locale: Locale): string {
  return tr(
    locale,
    `*Execution* ${code(execution.executionId)} · ${link(execution.consoleUrl, 'Open in the OOS console')} · ${escapeMrkdwn(execution.status)}`,
    `*执行* ${code(execution.executionId)} · ${link(execution.consoleUrl, '在 OOS 控制台中查看')} · ${escapeMrkdwn(execution.status)}`,
  );
}

/** Joins items with `separator` into at most `max` characters, ending with `more(n)` when some are left. */
export function joinItems(
  items: string[],
  separator: string,
  max: number,
  more: (count: number) => string,
): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = (out ? separator : '') + (items[i] ?? '');
    const left = items.length - i - 1;
    const tail = left > 0 ? separator.length + more(left).length : 0;
    if (out.length + next.length + tail > max) {
      return out ? `${out}${separator}${more(items.length - i)}` : truncate(items[i] ?? '', max);
    }
    out += next;
  }
  return out;
}

/** The summary fields (RegionId, PackageName, requester, counts, rate control) as mrkdwn. */
function summaryFields(request: InstallRequest, locale: Locale): string[] {
  const version = request.packageVersion ? ` ${escapeMrkdwn(request.packageVersion)}` : '';
  return [
    `*RegionId*\n${code(request.regionId)}`,
    `*PackageName*\n${code(request.packageName)}\n${escapeMrkdwn(request.packageDisplayName)}${version}`,
    `*${tr(locale, 'Requester', '申请人')}*\n${mention(request.requester)}`,
    `*${tr(locale, 'Instances', '实例数')}*\n${request.instanceIds.length}`,
    `*Concurrency*\n${request.concurrency}`,
    `*MaxErrors*\n${request.maxErrors}`,
  ];
}

/** Every InstanceId (and the count), truncated with "…and N more" past the budget. */
function instancesText(request: InstallRequest, locale: Locale): string {
  const head = `*InstanceId* (${request.instanceIds.length})`;
  const ids = joinItems(
    request.instanceIds.map((id) => code(id)),
    ' ',
    BUDGET.instances,
    (n) => andMore(n, locale),
  );
  return `${head}\n${ids || '-'}`;
}

/** The installation parameters section: secrets masked, defaults marked. */
function parametersText(request: InstallRequest, locale: Locale): string {
  const head = tr(locale, '*Installation parameters*', '*安装参数*');
  const lines = parameterLines(request, locale);
  if (lines.length === 0)
    return `${head}\n_${tr(locale, 'This extension has no parameters.', '该扩展程序没有参数。')}_`;
  return `${head}\n${joinItems(lines, '\n', BUDGET.parameters, (n) => andMore(n, locale))}`;
}

function preflightText(preflight: PreflightInstance[], locale: Locale): string {
  const head = tr(locale, '*Pre-flight checks*', '*安装前检查*');
  if (preflight.length === 0) return `${head}\n_${tr(locale, 'No findings.', '没有检查结果。')}_`;
  const problems = preflight.filter(hasProblem);
  const summary =
    problems.length === 0
      ? tr(
          locale,
          `:white_check_mark: All ${preflight.length} instance(s) are running with Cloud Assistant online.`,
          `:white_check_mark: 全部 ${preflight.length} 台实例均在运行，云助手在线。`,
        )
      : tr(
          locale,
          `:warning: ${problems.length} of ${preflight.length} instance(s) need attention: the install needs the instance Running and Cloud Assistant online.`,
          `:warning: ${preflight.length} 台实例中有 ${problems.length} 台需要注意：安装要求实例处于运行中且云助手在线。`,
        );
  const ordered = [...problems, ...preflight.filter((p) => !hasProblem(p))];
  const lines = ordered.map((p) => preflightLine(p, locale));
  return `${head}\n${summary}\n${joinItems(lines, '\n', BUDGET.preflight, (n) => andMore(n, locale))}`;
}

function preflightLine(p: PreflightInstance, locale: Locale): string {
  const icon = hasProblem(p) ? ':warning:' : ':white_check_mark:';
  const assistant = {
    online: tr(locale, 'Cloud Assistant online', '云助手在线'),
    offline: tr(locale, 'Cloud Assistant *offline*', '云助手*离线*'),
    unknown: tr(locale, 'Cloud Assistant unknown', '云助手状态未知'),
  }[p.cloudAssistant];
  const status = p.status === 'Running' ? p.status : `*${escapeMrkdwn(p.status)}*`;
  const os = truncate(p.osName || p.osType || '?', 60);
  const name = p.name ? ` ${escapeMrkdwn(truncate(p.name, 60))}` : '';
  return `${icon} ${code(p.instanceId)}${name} · ${escapeMrkdwn(os)} · ${status} · ${assistant}`;
}

function hasProblem(p: PreflightInstance): boolean {
  return p.status !== 'Running' || p.cloudAssistant !== 'online';
}

function formatValue(value: unknown, secret: boolean, locale: Locale): string {
  if (secret) return code(SECRET_MASK);
  if (value === undefined || value === null || value === '') return `_${tr(locale, '(empty)', '（空）')}_`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return code(truncate(text.replace(/\s*\n\s*/g, ' '), BUDGET.value));
}

function actionsBlock(request: InstallRequest, locale: Locale): ActionsBlock {
  return {
    type: 'actions',
    block_id: REQUEST_ACTIONS_BLOCK,
    elements: [
      {
        type: 'button',
        action_id: ActionIds.approve,
        style: 'primary',
        text: plainText(tr(locale, 'Approve', '批准'), SlackLimits.buttonText),
        value: request.id,
      },
      {
        type: 'button',
        action_id: ActionIds.reject,
        style: 'danger',
        text: plainText(tr(locale, 'Reject', '拒绝'), SlackLimits.buttonText),
        value: request.id,
        confirm: {
          title: plainText(tr(locale, 'Reject this request?', '拒绝此申请？'), SlackLimits.confirmTitle),
          text: plainText(
            tr(
              locale,
              'Nothing will be installed. This cannot be undone.',
              '将不会执行任何安装，且无法撤销。',
            ),
            SlackLimits.confirmText,
          ),
          confirm: plainText(tr(locale, 'Reject', '拒绝'), SlackLimits.confirmButton),
          deny: plainText(tr(locale, 'Keep it', '保留'), SlackLimits.confirmButton),
        },
      },
      {
        type: 'button',
        action_id: ActionIds.withdraw,
        text: plainText(tr(locale, 'Cancel request', '撤回申请'), SlackLimits.buttonText),
        value: request.id,
        confirm: {
          title: plainText(tr(locale, 'Cancel this request?', '撤回此申请？'), SlackLimits.confirmTitle),
          text: plainText(
            tr(
              locale,
              'Only the requester can cancel. Nothing will be installed.',
              '只有申请人可以撤回。将不会执行任何安装。',
            ),
            SlackLimits.confirmText,
          ),
          confirm: plainText(tr(locale, 'Cancel request', '撤回申请'), SlackLimits.confirmButton),
          deny: plainText(tr(locale, 'Keep it', '保留'), SlackLimits.confirmButton),
        },
      },
    ],
  };
}

function lastActor(request: InstallRequest, type: 'rejected' | 'withdrawn'): string | undefined {
  return request.history.findLast((h) => h.type === type)?.actor;
}

function lastDetail(request: InstallRequest, type: 'start_failed'): string | undefined {
  return request.history.findLast((h) => h.type === type)?.detail;
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwnText(text) };
}

function tr(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}
