/**
 * The final report (and the pending report after the poll timeout) as Block Kit: every label of the
 * contract, each instance's outcome, the follow-up suggestions, and the retry and console buttons.
 * Outputs are cut to fit Slack's limits with a note on where the full text is; credentials found in
 * them go, unmasked, into a private text for the requester alone.
 */
import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { InstanceOutcome, Locale } from '../../domain/model.js';
import { NOT_REACHED_STATUS } from '../../domain/rollout/rollout-model.js';
import type { ReportModel, ReportOutcome } from '../../domain/tracking/report.js';
import type { Suggestion } from '../../domain/tracking/suggestions.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { statusIcon, statusPhrase } from './execution-status.js';
import { blocksTextLength, SlackLimits } from './limits.js';
import { actionTitle, missingFlag, undoButton, verifiedGroupNote, verifiedNote } from './report-lifecycle.js';
import {
  andMore,
  code,
  escapeMrkdwn,
  fence,
  joinLines,
  mrkdwnText,
  plainText,
  safeHttpUrl,
  truncate,
} from './text.js';

/** A rendered tracking message; `privateText` goes to the requester alone (chat.postEphemeral). */
export interface TrackingMessage {
  text: string;
  blocks: KnownBlock[];
  privateText?: string;
}

const TITLE_ICON: Record<ReportOutcome, string> = {
  succeeded: '✅',
  partial: '⚠️',
  failed: '❌',
  cancelled: '⏹️',
  stopped: '⏭️',
  pending: '⏳',
};

/** Characters all instance lines may use together (keeps the message below Slack's total text cap). */
const DETAILS_BUDGET = 5000;
/** Up to this many instances, each gets its own line with output; above it, successes are grouped. */
const DETAILED_INSTANCES = 10;
/** Characters an instance's configuration may use at most; its output gets the rest of the instance's room. */
const CONFIGURATION_CAP = 1000;
/** Characters a labelled fenced block adds to its text (label colon, newline, fences). */
const BLOCK_OVERHEAD = 10;
/** With less room than this, a block that would have to be cut is left out (the note points to the full text). */
const MIN_ROOM = 80;
const PARAMETERS_BUDGET = 1200;
const PRIVATE_BUDGET = 3500;
/** Characters of one instance's credentials in the private text. */
const PRIVATE_PART = 1500;
/** Detail sections at most; more instance lines end in "…and N more". */
const MAX_DETAIL_SECTIONS = 10;
/** Kept free for block text the budget does not count exactly (labels, separators). */
const TEXT_MARGIN = 300;

/** The report as a thread reply: labelled fields, result details, suggestions, buttons. */
export function renderReport(report: ReportModel, locale: Locale): TrackingMessage {
  const m = messagesFor(locale);
  const labels = m.report.labels;
  const field = (label: string, value: string) => `*${escapeMrkdwn(label)}*\n${value}`;
  const name = report.packageDisplayName || report.packageName;
  const title = actionTitle(report, m.report.titles[report.outcome], m);
  const details = resultDetails(report, m);
  const head: KnownBlock[] = [
    {
      type: 'header',
      text: plainText(`${TITLE_ICON[report.outcome]} ${title} — ${name}`, SlackLimits.headerText),
    },
    {
      type: 'section',
      fields: [
        field(labels.extensionName, extensionName(report)),
        field(labels.executionId, executionIdText(report, m)),
        field(labels.executionStatus, statusText(report, m)),
        field(labels.completionTime, completionText(report, m)),
      ].map((text) => mrkdwnText(text, SlackLimits.fieldText)),
    },
    { type: 'section', text: mrkdwnText(field(labels.target, targetText(report, m))) },
    { type: 'section', text: mrkdwnText(field(labels.parameters, parametersText(report, m))) },
  ];
  const suggestions = joinLines(
    report.suggestions.map((s) => `• ${escapeMrkdwn(suggestionText(s, m))}`),
    SlackLimits.text - labels.followUp.length - 4,
    (n) => andMore(n, locale),
  );
  const tail: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(`*${escapeMrkdwn(labels.followUp)}*\n${suggestions}`) },
    {
      type: 'context',
      elements: [mrkdwnText(m.report.requestedBy(`<@${report.requester}>`, code(report.requestId)))],
    },
  ];
  const buttons: Button[] = [];
  if (report.outcome !== 'pending' && report.failedInstanceIds.length > 0) {
    buttons.push({
      type: 'button',
      action_id: ActionIds.retryFailed,
      value: report.requestId,
      style: 'primary',
      text: plainText(m.report.retryFailed(report.failedInstanceIds.length), SlackLimits.buttonText),
    });
  }
  const console = consoleButton(report.execution?.consoleUrl, locale);
  if (console) buttons.push(console);
  const undo = undoButton(report, locale);
  if (undo) buttons.push(undo);
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });

  const note: KnownBlock[] = details.shortened
    ? [{ type: 'context', elements: [mrkdwnText(escapeMrkdwn(m.report.detailsNote(report.requestId)))] }]
    : [];
  const used = blocksTextLength([...head, ...tail, ...note]);
  const budget = SlackLimits.messageBlocksTextTotal - used - TEXT_MARGIN;
  const summary = m.report.summary(name, title, report.counts);
  const message: TrackingMessage = {
    text: truncate(`<@${report.requester}> ${escapeMrkdwn(summary)}`, SlackLimits.text),
    blocks: [
      ...head,
      ...detailSections(labels.resultDetails, details.items, budget, locale),
      ...note,
      ...tail,
    ],
  };
  if (report.privateCredentials.length > 0) message.privateText = privateText(report, m);
  return message;
}

/** A "View in console" link button, when the URL is a usable http(s) URL. */
export function consoleButton(url: string | undefined, locale: Locale): Button | undefined {
  const safe = safeHttpUrl(url);
  if (!safe) return undefined;
  return {
    type: 'button',
    action_id: ActionIds.viewConsole,
    url: safe,
    text: plainText(messagesFor(locale).tracking.viewInConsole, SlackLimits.buttonText),
  };
}

function extensionName(report: ReportModel): string {
  const version = report.packageVersion ? ` ${escapeMrkdwn(report.packageVersion)}` : '';
  const display = report.packageDisplayName && report.packageDisplayName !== report.packageName;
  return display
    ? `${escapeMrkdwn(report.packageDisplayName)} (${code(report.packageName)}${version})`
    : `${code(report.packageName)}${version}`;
}

/** The execution id, or every wave's execution id (with its wave) for a rollout of several waves. */
function executionIdText(report: ReportModel, m: Messages): string {
  if (report.waves) {
    const items = report.waves.map((w) => m.report.waveExecution(code(w.executionId), w.stage));
    return truncate(items.join('\n'), SlackLimits.fieldText - 40);
  }
  return report.execution ? code(report.execution.executionId) : '-';
}

function targetText(report: ReportModel, m: Messages): string {
  const ids = report.instanceIds.map((id) => code(id)).join(', ');
  return m.report.target(code(report.regionId), report.instanceIds.length, ids);
}

/** The StartExecution Parameters (secrets already masked) on one line, long id lists shortened. */
function parametersText(report: ReportModel, m: Messages): string {
  const json = JSON.stringify(shortenLists(report.parameters), null, 1).replace(/\n\s*/g, ' ');
  const cut = truncate(json, PARAMETERS_BUDGET);
  return cut === json ? fence(cut) : `${fence(cut)}\n${m.report.shortened}`;
}

/** Lists of more than five strings (instance ids) keep three and a count. */
function shortenLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length > 5 && value.every((v) => typeof v === 'string')) {
      return [...value.slice(0, 3), `…+${value.length - 3}`];
    }
    return value.map(shortenLists);
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shortenLists(inner)]));
}

function statusText(report: ReportModel, m: Messages): string {
  const execution = report.execution;
  if (!execution) return '-';
  const tally = escapeMrkdwn(m.report.tally(report.counts));
  if (report.timeoutMinutes !== undefined) {
    return m.report.timedOut(formatMinutes(report.timeoutMinutes), code(execution.status), tally);
  }
  const message = execution.statusMessage
    ? ` — ${escapeMrkdwn(truncate(oneLine(execution.statusMessage), 300))}`
    : '';
  return `${code(execution.status)}${message}\n${tally}`;
}

function completionText(report: ReportModel, m: Messages): string {
  const execution = report.execution;
  if (!execution) return '-';
  if (report.outcome === 'pending' || !execution.endedAt) {
    return m.report.notFinished(formatTime(execution.startedAt));
  }
  const took = Date.parse(execution.endedAt) - Date.parse(execution.startedAt);
  const ended = formatTime(execution.endedAt);
  return Number.isFinite(took) && took >= 0 ? m.report.took(ended, formatDuration(took, m)) : ended;
}

/** Result Details items (mrkdwn) within the details budget, and whether anything was cut. */
function resultDetails(report: ReportModel, m: Messages): { items: string[]; shortened: boolean } {
  const instances = report.instances;
  let shortened = false;
  const items: string[] = [];
  const grouped = instances.length > DETAILED_INSTANCES;
  const quiet = grouped ? instances.filter((i) => i.status === 'Success') : [];
  const flag = missingFlag(report, m);
  if (flag) items.push(flag);
  if (quiet.length > 0) {
    const ids = quiet.map((i) => i.instanceId);
    const versions = verifiedGroupNote(report, ids, m);
    const group = m.report.succeededGroup(quiet.length, ids.map((id) => code(id)).join(', '));
    items.push(versions ? `${group}\n${versions}` : group);
    if (quiet.some((i) => i.output || i.configuration)) shortened = true;
  }
  // Instances a stopped rollout never reached have nothing to show but that: one line for them all.
  const unreached = instances.filter((i) => i.status === NOT_REACHED_STATUS);
  if (unreached.length > 0) {
    items.push(
      m.report.notReachedGroup(unreached.length, unreached.map((i) => code(i.instanceId)).join(', ')),
    );
  }
  const detailed = instances.filter((i) => !quiet.includes(i) && !unreached.includes(i));
  const budget = Math.max(160, Math.min(1500, Math.floor(DETAILS_BUDGET / Math.max(1, detailed.length))));
  for (const instance of detailed) {
    const item = instanceItem(instance, budget, m, verifiedNote(report, instance.instanceId, m));
    if (item.shortened) shortened = true;
    items.push(item.text);
  }
  if (instances.length === 0) items.push(escapeMrkdwn(m.report.noInstances));
  return { items, shortened };
}

/** One instance's line, its failure message, then its configuration and output in fenced blocks. */
function instanceItem(
  instance: InstanceOutcome,
  budget: number,
  m: Messages,
  verified = '',
): { text: string; shortened: boolean } {
  let shortened = false;
  const icon = statusIcon(instance.status) ?? '❔';
  const line = `${icon} ${code(instance.instanceId)} — ${escapeMrkdwn(statusPhrase(instance.status, m))}${verified}`;
  const parts = [line];
  let room = budget - line.length;
  if (instance.message && instance.status !== 'Success') {
    const whole = oneLine(instance.message);
    const message = truncate(whole, Math.max(60, Math.min(400, room)));
    if (message !== whole) shortened = true;
    parts[0] = m.report.instanceMessage(line, escapeMrkdwn(message));
    room -= message.length + 2;
  }
  // The configuration (a panel's URL, how to log in) comes first and keeps its room; the output,
  // often a long install log, gets what is left.
  for (const [label, text, cap] of [
    [m.report.configuration, instance.configuration, CONFIGURATION_CAP],
    [m.report.output, instance.output, Number.POSITIVE_INFINITY],
  ] as const) {
    const trimmed = text?.trim();
    if (!trimmed) continue;
    const allowed = Math.min(cap, room);
    const max = allowed - label.length - BLOCK_OVERHEAD;
    if (trimmed.length > max && allowed < MIN_ROOM) {
      shortened = true;
      continue;
    }
    const cut = truncate(trimmed, max);
    if (cut !== trimmed) shortened = true;
    parts.push(`${escapeMrkdwn(m.report.blockLabel(label))}\n${fence(cut)}`);
    room -= cut.length + label.length + BLOCK_OVERHEAD;
  }
  return { text: parts.join('\n'), shortened };
}

/** Result Details packed into sections of at most 3000 characters, within `budget` characters in all. */
function detailSections(label: string, items: string[], budget: number, locale: Locale): SectionBlock[] {
  const heading = `*${escapeMrkdwn(label)}*`;
  const sections: string[][] = [[heading]];
  const max = SlackLimits.text - 40;
  let remaining = budget - heading.length;
  let index = 0;
  for (; index < items.length; index++) {
    const item = items[index] ?? '';
    const current = sections[sections.length - 1] ?? [];
    const fitsHere = current.join('\n').length + 1 + item.length <= max;
    if (item.length + 1 > remaining) break;
    if (fitsHere) current.push(item);
    else if (sections.length < MAX_DETAIL_SECTIONS && item.length <= max) sections.push([item]);
    else break;
    remaining -= item.length + 1;
  }
  const left = items.length - index;
  if (left > 0) sections[sections.length - 1]?.push(andMore(left, locale));
  return sections.map((lines) => ({ type: 'section', text: mrkdwnText(lines.join('\n')) }));
}

/** The credentials for the requester: a warning, then each instance's fenced text, within budget. */
function privateText(report: ReportModel, m: Messages): string {
  const name = report.packageDisplayName || report.packageName;
  const head = escapeMrkdwn(m.report.privateHead(name, report.requestId));
  const kept: string[] = [head];
  let length = head.length;
  for (const credentials of report.privateCredentials) {
    const part = `• ${code(credentials.instanceId)}\n${fence(truncate(credentials.text, PRIVATE_PART))}`;
    if (length + part.length + 1 > PRIVATE_BUDGET) {
      kept.push(escapeMrkdwn(m.report.privateMore(report.requestId)));
      break;
    }
    kept.push(part);
    length += part.length + 1;
  }
  return kept.join('\n');
}

/** A suggestion in words (plain text with inline code marks). */
function suggestionText(s: Suggestion, m: Messages): string {
  const words = m.suggestions;
  switch (s.code) {
    case 'check_extension':
      return words.check_extension(s.shortName);
    case 'verify_version':
      return words.verify_version(s.command);
    case 'open_port':
      return words.open_port(s.port);
    case 'find_panel_port':
      return words.find_panel_port(s.panel, s.loginCommand);
    case 'panel_login':
      return words.panel_login(s.loginCommand, s.privateDetails);
    case 'failure':
      return words.failure[s.cause];
    case 'cancelled':
      return words.cancelled;
    case 'retry_failed':
      return words.retry_failed;
    case 'pending_watching':
      return words.pending_watching;
    case 'pending_check':
      return words.pending_check(s.requestId);
    case 'pending_cli':
      return words.pending_cli(
        `aliyun oos ListExecutions --RegionId ${s.regionId} --ExecutionId ${s.executionId}`,
      );
    case 'pending_waiting':
      return words.pending_waiting;
  }
}

/** `2025-06-01 10:04:12 UTC` from an ISO time (the input when it does not parse). */
function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function formatDuration(ms: number, m: Messages): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units = m.report.durationUnits;
  const parts: string[] = [];
  if (h) parts.push(`${h}${units.hours}`);
  if (min) parts.push(`${min}${units.minutes}`);
  if (s || parts.length === 0) parts.push(`${s}${units.seconds}`);
  return parts.join(' ');
}

/** `20`, `1.5`, `0.005`: whole minutes as they are, fractions to three significant digits. */
function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Number(minutes.toPrecision(3)));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
