/**
 * The App Home tab as a workbench for the viewing user: the requests waiting for their approval with the
 * confirmation's own `approve` / `reject` buttons (value: the request id), the installs running now with
 * their progress, their recent requests with outcomes, and a "what's installed on…" button. A pure
 * function of the domain's Workbench, within Slack's 100 blocks of a view.
 * @see https://docs.slack.dev/surfaces/app-home
 */
import type { ActionsBlock, Button, HomeView, KnownBlock } from '@slack/types';
import { actionOf } from '../../domain/lifecycle/preflight-installed.js';
import type { Workbench } from '../../domain/lifecycle/workbench.js';
import type { InstallRequest, Locale } from '../../domain/model.js';
import { countInstances } from '../../domain/tracking/progress.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { executionCounts, mention, slackDate, statusWord } from './confirmation.js';
import { approveStyle } from './confirmation-lifecycle.js';
import { SlackLimits } from './limits.js';
import { waveProgressText } from './rollout-messages.js';
import { andMore, code, escapeMrkdwn, joinLines, mrkdwnText, plainText, truncate } from './text.js';

const STATUS_EMOJI: Record<InstallRequest['status'], string> = {
  pending: ':hourglass_flowing_sand:',
  starting: ':rocket:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
  rejected: ':no_entry:',
  expired: ':alarm_clock:',
  withdrawn: ':leftwards_arrow_with_hook:',
  blocked: ':construction:',
  start_failed: ':warning:',
};

/** Block id of the "what's installed on…" button row. */
export const HOME_INSTALLED_BLOCK = 'home_installed';

/** The Home tab view of one user's workbench. */
export function renderHome(workbench: Workbench, locale: Locale): HomeView {
  const m = messagesFor(locale);
  const home = m.home;
  const w = m.lifecycle.workbench;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(home.header, SlackLimits.headerText) },
    { type: 'section', text: mrkdwnText(home.intro) },
    {
      type: 'actions',
      block_id: HOME_INSTALLED_BLOCK,
      elements: [
        {
          type: 'button',
          action_id: ActionIds.homeInstalled,
          text: plainText(w.installedButton, SlackLimits.buttonText),
        },
      ],
    },
    { type: 'context', elements: [mrkdwnText(w.installedHint)] },
    { type: 'divider' },
    section(w.awaitingHead(workbench.awaiting.length)),
  ];
  if (workbench.awaiting.length === 0) blocks.push(context(w.awaitingNone));
  for (const request of workbench.awaiting) blocks.push(...awaitingBlocks(request, m));
  blocks.push({ type: 'divider' }, section(w.runningHead(workbench.running.length)));
  if (workbench.running.length === 0) blocks.push(context(w.runningNone));
  else blocks.push(section(runningLines(workbench.running, m, locale)));
  blocks.push({ type: 'divider' }, section(recentText(workbench.recent, m, locale)), {
    type: 'context',
    elements: [mrkdwnText(home.usage.join('\n'))],
  });
  return { type: 'home', blocks: blocks.slice(0, SlackLimits.viewBlocks) };
}

/** What the request does, in one word of the reader's language. */
function actionWord(request: InstallRequest, m: Messages): string {
  return m.lifecycle.actions[actionOf(request)];
}

function name(request: InstallRequest): string {
  return escapeMrkdwn(truncate(request.packageDisplayName || request.packageName, 80));
}

/** A request waiting for the viewer's approval: what, where, by whom, and the channel's own buttons. */
function awaitingBlocks(request: InstallRequest, m: Messages): KnownBlock[] {
  const w = m.lifecycle.workbench;
  const text = [
    w.request(
      escapeMrkdwn(actionWord(request, m)),
      name(request),
      request.instanceIds.length,
      code(request.regionId),
      mention(request.requester),
      code(request.id),
    ),
    `${w.approvals(request.approvals.length, request.policy.requiredApprovals)} · ${w.expires(slackDate(request.expiresAt))}`,
    ...(request.reason ? [`> ${escapeMrkdwn(truncate(request.reason, 300))}`] : []),
  ].join('\n');
  const words = m.request;
  const approve: Button = {
    type: 'button',
    action_id: ActionIds.approve,
    style: approveStyle(request),
    text: plainText(words.approve, SlackLimits.buttonText),
    value: request.id,
  };
  const reject: Button = {
    type: 'button',
    action_id: ActionIds.reject,
    style: 'danger',
    text: plainText(words.reject.button, SlackLimits.buttonText),
    value: request.id,
    confirm: {
      title: plainText(words.reject.title, SlackLimits.confirmTitle),
      text: plainText(words.reject.text, SlackLimits.confirmText),
      confirm: plainText(words.reject.confirm, SlackLimits.confirmButton),
      deny: plainText(words.reject.deny, SlackLimits.confirmButton),
    },
  };
  const actions: ActionsBlock = {
    type: 'actions',
    block_id: `home_request:${request.id}`,
    elements: [approve, reject],
  };
  return [section(text), actions];
}

/** One line per running request: action, extension, progress (and wave), request id. */
function runningLines(requests: InstallRequest[], m: Messages, locale: Locale): string {
  const w = m.lifecycle.workbench;
  const lines = requests.map((request) => {
    const counts = request.execution ? countInstances(request.execution.instances) : undefined;
    const progress = counts
      ? [m.tracking.progress(counts), waveProgressText(request, locale)].filter(Boolean).join(' · ')
      : w.starting;
    return `${STATUS_EMOJI[request.status]} ${w.running(escapeMrkdwn(actionWord(request, m)), name(request), escapeMrkdwn(progress), code(request.id))}`;
  });
  return joinLines(lines, SlackLimits.text, (n) => andMore(n, locale));
}

/** The viewer's recent requests with their outcomes. */
function recentText(requests: InstallRequest[], m: Messages, locale: Locale): string {
  const w = m.lifecycle.workbench;
  if (requests.length === 0) return `${w.recentHead}\n${w.recentNone}`;
  const lines = requests.map((request) => {
    const outcome = request.execution ? executionCounts(request.execution, locale) : '';
    const status = `*${escapeMrkdwn(statusWord(request, locale))}*${outcome ? ` — ${outcome}` : ''}`;
    return `${STATUS_EMOJI[request.status]} ${code(request.id)} ${escapeMrkdwn(actionWord(request, m))} ${name(request)} → ${request.instanceIds.length} × ${code(request.regionId)} · ${status}`;
  });
  return joinLines([w.recentHead, ...lines], SlackLimits.text, (n) => andMore(n, locale));
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwnText(text) };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [mrkdwnText(escapeMrkdwn(text))] };
}
