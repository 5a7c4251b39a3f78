/**
 * Thread replies about a running install: progress ("Running — 3/5 done, 1 failed"), Waiting, cancel
 * requests, the pending report and the final report, plus the Cancel button shown while the execution
 * runs. Pure functions of the request; texts stay within Slack's limits.
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { InstallRequest, Locale } from '../../domain/model.js';
import { isTerminalStatus } from '../../domain/model.js';
import type { RequestEvent } from '../../domain/ports.js';
import { countInstances } from '../../domain/tracking/progress.js';
import { buildFinalReport, buildPendingReport } from '../../domain/tracking/report.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { describeError } from './describe-error.js';
import { statusHeading, statusIcon } from './execution-status.js';
import { SlackLimits } from './limits.js';
import { consoleButton, renderReport, type TrackingMessage } from './report.js';
import { code, escapeMrkdwn, link, type Message, mrkdwnText, plainText } from './text.js';

export type { TrackingMessage } from './report.js';

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
      return renderReport(buildPendingReport(request, event.timeoutMinutes), locale);
    case 'final_report':
      return renderReport(buildFinalReport(request), locale);
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
  const words = messagesFor(locale).tracking.cancelButton;
  const cancel: Button = {
    type: 'button',
    action_id: ActionIds.cancelExecution,
    value: request.id,
    style: 'danger',
    text: plainText(words.text, SlackLimits.buttonText),
    confirm: {
      title: plainText(words.title, SlackLimits.confirmTitle),
      text: mrkdwnText(escapeMrkdwn(words.body(execution.executionId)), SlackLimits.confirmText),
      confirm: plainText(words.confirm, SlackLimits.confirmButton),
      deny: plainText(words.deny, SlackLimits.confirmButton),
      style: 'danger',
    },
  };
  const elements: Button[] = [cancel];
  const console = consoleButton(execution.consoleUrl, locale);
  if (console) elements.push(console);
  return [{ type: 'actions', elements } satisfies ActionsBlock];
}

function renderProgress(request: InstallRequest, locale: Locale): TrackingMessage {
  const m = messagesFor(locale);
  const execution = request.execution;
  const status = execution?.status ?? 'Unknown';
  const heading = statusHeading(status, m);
  const progress = m.tracking.progress(countInstances(execution?.instances ?? []));
  const name = escapeMrkdwn(request.packageDisplayName || request.packageName);
  const console = execution ? ` · ${link(execution.consoleUrl, m.tracking.console)}` : '';
  const icon = statusIcon(status) ?? '🔄';
  const body = `${icon} *${escapeMrkdwn(heading)}* — ${escapeMrkdwn(progress)} · ${name}${console}`;
  return { text: `${escapeMrkdwn(heading)} — ${escapeMrkdwn(progress)}`, blocks: [section(body)] };
}

function renderWaiting(request: InstallRequest, locale: Locale): TrackingMessage {
  const words = messagesFor(locale).tracking.waiting;
  const execution = request.execution;
  const blocks: KnownBlock[] = [section(words.body(execution ? code(execution.executionId) : ''))];
  const console = consoleButton(execution?.consoleUrl, locale);
  if (console) blocks.push({ type: 'actions', elements: [console] });
  return { text: words.text, blocks };
}

function renderCancelRequested(request: InstallRequest, by: string, locale: Locale): TrackingMessage {
  const words = messagesFor(locale).tracking.cancelRequested;
  const id = request.execution ? code(request.execution.executionId) : '';
  return { text: words.text, blocks: [section(words.body(`<@${by}>`, id))] };
}

function renderCancelFailed(
  request: InstallRequest,
  by: string,
  error: unknown,
  locale: Locale,
): TrackingMessage {
  const words = messagesFor(locale).tracking.cancelFailed;
  const id = request.execution ? code(request.execution.executionId) : '';
  const problem = describeError(error, locale);
  const why = escapeMrkdwn([`${problem.title}.`, problem.detail, problem.hint].filter(Boolean).join(' '));
  const blocks: KnownBlock[] = [section(words.body(`<@${by}>`, id, why))];
  const console = consoleButton(request.execution?.consoleUrl, locale);
  if (console) blocks.push({ type: 'actions', elements: [console] });
  return { text: words.text, blocks };
}

/** Why a Cancel or Retry click did nothing, told privately to the person who clicked. */
export type TrackingRefusal =
  | 'not_found'
  | 'not_running'
  | 'not_allowed'
  | 'already_requested'
  | 'nothing_to_retry';

/** A private note explaining a refused Cancel or Retry click. */
export function renderTrackingRefusal(reason: TrackingRefusal, locale: Locale): Message {
  const text = messagesFor(locale).tracking.refusals[reason];
  return { text, blocks: [section(text)] };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwnText(text) };
}
