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
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import {
  approveStyle,
  installedNote,
  lifecycleHeader,
  lifecycleLines,
  lifecycleStatusLine,
} from './confirmation-lifecycle.js';
import { SlackLimits } from './limits.js';
import { renderRunningActions } from './report-messages.js';
import { rolloutSummaryLines, waveProgressText } from './rollout-messages.js';
import { andMore, code, escapeMrkdwn, link, type Message, mrkdwnText, plainText, truncate } from './text.js';

export { CONFIRM_SENTENCE_EN } from '../i18n/en/request.js';

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
  const words = messagesFor(locale).request;
  const pending = request.status === 'pending';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(lifecycleHeader(request, locale), SlackLimits.headerText) },
    ...requestSummaryBlocks(request, locale),
    section(preflightText(request, locale)),
  ];
  if (request.duplicates.length > 0) blocks.push(section(duplicatesText(request, locale)));
  if (request.execution) blocks.push(section(executionText(request.execution, locale)));
  blocks.push(section(approvalText(request, locale, ctx.approverLabels)));
  if (pending) {
    blocks.push(
      {
        type: 'context',
        elements: [mrkdwnText(words.pendingFooter(code(request.id), slackDate(request.expiresAt)))],
      },
      section(words.confirmQuestion),
      actionsBlock(request, words),
    );
  } else {
    // While OOS runs it: Cancel and View in console (nothing once the execution ended).
    blocks.push(...renderRunningActions(request, locale), {
      type: 'context',
      elements: [mrkdwnText(words.footer(code(request.id)))],
    });
  }
  const text = words.fallback(
    escapeMrkdwn(lifecycleHeader(request, locale)),
    request.id,
    request.instanceIds.length,
    request.regionId,
    statusWord(request, locale),
  );
  return { text: truncate(text, SlackLimits.text), blocks };
}

/**
 * Where the request stands, its summary fields, every instance and the parameters: the top of the
 * confirmation and of `/ecs-ext status <id>`.
 */
export function requestSummaryBlocks(request: InstallRequest, locale: Locale): KnownBlock[] {
  const guardrails = [...lifecycleLines(request, locale), ...rolloutSummaryLines(request, locale)];
  return [
    section(statusLine(request, locale)),
    {
      type: 'section',
      fields: summaryFields(request, locale).map((f) => mrkdwnText(f, SlackLimits.fieldText)),
    },
    ...(guardrails.length > 0 ? [section(guardrails.join('\n'))] : []),
    section(instancesText(request, locale)),
    section(parametersText(request, locale)),
  ];
}

/** One line (mrkdwn) saying where the request stands, for the top of the message. */
function statusLine(request: InstallRequest, locale: Locale): string {
  const line = messagesFor(locale).request.statusLine;
  const actor = lastActor(request, request.status === 'rejected' ? 'rejected' : 'withdrawn');
  const actorMd = actor ? mention(actor) : '';
  const counts = request.execution ? executionCounts(request.execution, locale) : '';
  const wave = request.status === 'running' ? waveProgressText(request, locale) : '';
  const progress = wave ? `${wave} · ${counts}` : counts;
  const own = lifecycleStatusLine(
    request,
    locale,
    escapeMrkdwn(request.execution?.status ?? 'Started'),
    progress,
  );
  if (own) return own;
  switch (request.status) {
    case 'pending':
      return line.pending(`${request.approvals.length}/${request.policy.requiredApprovals}`);
    case 'starting':
      return request.startUnconfirmedAt ? line.startingUnconfirmed : line.starting;
    case 'running':
      return line.running(escapeMrkdwn(request.execution?.status ?? 'Started'), progress);
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return line[request.status](counts);
    case 'rejected':
    case 'withdrawn':
      return line[request.status](actorMd);
    case 'expired':
      return line.expired(request.policy.requiredApprovals);
    case 'blocked':
      return line.blocked;
    case 'start_failed': {
      const detail = lastDetail(request, 'start_failed');
      return line.start_failed(detail ? escapeMrkdwn(truncate(detail, 600)) : '');
    }
  }
}

/** A short word for the status, for fallback texts and lists. */
export function statusWord(request: Pick<InstallRequest, 'status'>, locale: Locale): string {
  return messagesFor(locale).request.statusWord[request.status];
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
  const words = messagesFor(locale).request.counts;
  const parts = [
    succeeded ? words.succeeded(succeeded) : '',
    failed ? words.failed(failed) : '',
    cancelled ? words.cancelled(cancelled) : '',
    other ? words.inProgress(other) : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

/** The mrkdwn lines of the installation parameters: secrets masked, defaults marked. */
export function parameterLines(request: InstallRequest, locale: Locale): string[] {
  const words = messagesFor(locale).request;
  const names = [...Object.keys(request.parameters)];
  for (const name of request.defaultsUsed) if (!names.includes(name)) names.push(name);
  return names.map((name) => {
    const isDefault = request.defaultsUsed.includes(name);
    const mark = isDefault ? ` _${words.defaultMark}_` : '';
    if (!(name in request.parameters)) return `• ${code(name)}: _${words.templateDefault}_`;
    return `• ${code(name)}: ${formatValue(request.parameters[name], request.secretParameterNames.includes(name), words)}${mark}`;
  });
}

/** The section text listing approvers, approvals needed and given. */
export function approvalText(request: InstallRequest, locale: Locale, approverLabels?: string[]): string {
  const who = approversLabel(request, locale, approverLabels);
  const given = request.approvals.map((a) => mention(a.userId)).join(', ');
  return messagesFor(locale).request.approval(
    who,
    request.approvals.length,
    request.policy.requiredApprovals,
    given,
  );
}

/** Approvers as Slack mentions (users and user groups), or who may approve when no list is set. */
export function approversLabel(request: InstallRequest, locale: Locale, approverLabels?: string[]): string {
  const labels = approverLabels ?? request.policy.approvers.map(mention);
  if (labels.length > 0) return joinItems(labels, ', ', 1200, (n) => andMore(n, locale));
  const words = messagesFor(locale).request;
  return request.policy.allowSelfApproval ? words.anyone : words.anyoneButRequester;
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
  const head = messagesFor(locale).request.duplicatesHead;
  return `${head}\n${joinItems(lines, '\n', BUDGET.duplicates, (n) => andMore(n, locale))}`;
}

/** The mrkdwn text of an execution: id, console link, status. */
export function executionText(execution: ExecutionTracking, locale: Locale): string {
  const words = messagesFor(locale).request;
  return words.execution(
    code(execution.executionId),
    link(execution.consoleUrl, words.openInConsole),
    escapeMrkdwn(execution.status),
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
  const words = messagesFor(locale).request;
  const version = request.packageVersion ? ` ${escapeMrkdwn(request.packageVersion)}` : '';
  return [
    `*RegionId*\n${code(request.regionId)}`,
    `*PackageName*\n${code(request.packageName)}\n${escapeMrkdwn(request.packageDisplayName)}${version}`,
    `*${words.requester}*\n${mention(request.requester)}`,
    `*${words.instances}*\n${request.instanceIds.length}`,
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
  const words = messagesFor(locale).request;
  const head = words.parametersHead;
  const lines = parameterLines(request, locale);
  if (lines.length === 0) return `${head}\n_${words.noParameters}_`;
  return `${head}\n${joinItems(lines, '\n', BUDGET.parameters, (n) => andMore(n, locale))}`;
}

function preflightText(request: InstallRequest, locale: Locale): string {
  const preflight = request.preflight;
  const words = messagesFor(locale).request.preflight;
  if (preflight.length === 0) return `${words.head}\n_${words.none}_`;
  // Submission refuses instances that are not Running with Cloud Assistant online, so every finding
  // stored on a request is a passed check.
  const lines = preflight.map((p) => preflightLine(p, words) + installedNote(request, p, locale));
  return `${words.head}\n${words.allGood(preflight.length)}\n${joinItems(lines, '\n', BUDGET.preflight, (n) => andMore(n, locale))}`;
}

function preflightLine(p: PreflightInstance, words: Messages['request']['preflight']): string {
  const assistant = words[p.cloudAssistant];
  const status = p.status === 'Running' ? p.status : `*${escapeMrkdwn(p.status)}*`;
  const os = truncate(p.osName || p.osType || '?', 60);
  const name = p.name ? ` ${escapeMrkdwn(truncate(p.name, 60))}` : '';
  return `:white_check_mark: ${code(p.instanceId)}${name} · ${escapeMrkdwn(os)} · ${status} · ${assistant}`;
}

function formatValue(value: unknown, secret: boolean, words: Messages['request']): string {
  if (secret) return code(SECRET_MASK);
  if (value === undefined || value === null || value === '') return `_${words.empty}_`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return code(truncate(text.replace(/\s*\n\s*/g, ' '), BUDGET.value));
}

function actionsBlock(request: InstallRequest, words: Messages['request']): ActionsBlock {
  const confirm = (w: Messages['request']['reject']) => ({
    title: plainText(w.title, SlackLimits.confirmTitle),
    text: plainText(w.text, SlackLimits.confirmText),
    confirm: plainText(w.confirm, SlackLimits.confirmButton),
    deny: plainText(w.deny, SlackLimits.confirmButton),
  });
  return {
    type: 'actions',
    block_id: REQUEST_ACTIONS_BLOCK,
    elements: [
      {
        type: 'button',
        action_id: ActionIds.approve,
        style: approveStyle(request),
        text: plainText(words.approve, SlackLimits.buttonText),
        value: request.id,
      },
      {
        type: 'button',
        action_id: ActionIds.reject,
        style: 'danger',
        text: plainText(words.reject.button, SlackLimits.buttonText),
        value: request.id,
        confirm: confirm(words.reject),
      },
      {
        type: 'button',
        action_id: ActionIds.withdraw,
        text: plainText(words.withdraw.button, SlackLimits.buttonText),
        value: request.id,
        confirm: confirm(words.withdraw),
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
