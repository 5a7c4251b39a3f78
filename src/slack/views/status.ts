/**
 * `/ecs-ext status`: the full state of one install request (parameters, approvals, execution with each
 * instance's outcome and full output, history) and the list of a user's recent requests.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type {
  ExecutionTracking,
  HistoryEntry,
  InstallRequest,
  InstanceOutcome,
  Locale,
} from '../../domain/model.js';
import { redactCredentials } from '../../domain/tracking/credentials.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import {
  approvalText,
  duplicatesText,
  executionText,
  joinItems,
  mention,
  requestSummaryBlocks,
  slackDate,
  statusWord,
} from './confirmation.js';
import { blocksTextLength, SlackLimits } from './limits.js';
import {
  andMore,
  code,
  escapeMrkdwn,
  fence,
  link,
  type Message,
  mrkdwnText,
  plainText,
  truncate,
} from './text.js';

const BUDGET = { outcomes: 2000, history: 2500 } as const;
/** Characters of output in one fenced piece (the piece, its heading and fence stay under 3000). */
const OUTPUT_CHUNK = 2800;
/** Kept free for block text the budget does not count exactly. */
const TEXT_MARGIN = 300;
/** Requests listed by `renderRecentRequests` (one block each, within the 50 blocks of a message). */
const MAX_RECENT = 40;

/** Everything known about one request, for `/ecs-ext status <id>`. */
export function renderRequestStatus(request: InstallRequest, locale: Locale): Message {
  const m = messagesFor(locale);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(m.status.header(request.id), SlackLimits.headerText) },
    ...requestSummaryBlocks(request, locale),
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
  const tail: KnownBlock[] = [section(historyText(request, m))];
  const created = slackDate(request.createdAt);
  tail.push({
    type: 'context',
    elements: [
      mrkdwnText(
        request.status === 'pending'
          ? m.status.createdPending(created, slackDate(request.expiresAt))
          : m.status.createdUpdated(created, slackDate(request.updatedAt)),
      ),
    ],
  });
  if (request.execution) {
    const room = {
      blocks: SlackLimits.messageBlocks - blocks.length - tail.length,
      chars: SlackLimits.messageBlocksTextTotal - blocksTextLength([...blocks, ...tail]) - TEXT_MARGIN,
    };
    blocks.push(...outputBlocks(request.execution, room, m));
  }
  blocks.push(...tail);
  const text = m.status.fallback(
    request.id,
    escapeMrkdwn(request.packageDisplayName),
    statusWord(request, locale),
  );
  return { text: truncate(text, SlackLimits.text), blocks };
}

/** The answer to `/ecs-ext status <id>` when no request or execution has that id. */
export function renderRequestNotFound(id: string, locale: Locale): Message {
  const text = messagesFor(locale).status.notFound(code(id));
  return { text, blocks: [section(text)] };
}

/** A user's recent requests, newest first, one line each. */
export function renderRecentRequests(requests: InstallRequest[], locale: Locale): Message {
  const words = messagesFor(locale).status;
  if (requests.length === 0) return { text: words.noRequests, blocks: [section(words.noRequests)] };
  const shown = requests.slice(0, MAX_RECENT);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(words.recentHeader, SlackLimits.headerText) },
    ...shown.map((r) => section(recentLine(r, locale))),
  ];
  const notes = [words.detailsHint];
  if (requests.length > shown.length) notes.unshift(andMore(requests.length - shown.length, locale));
  blocks.push({ type: 'context', elements: [mrkdwnText(notes.join(' · '))] });
  return { text: words.recentFallback(requests.length), blocks };
}

function recentLine(request: InstallRequest, locale: Locale): string {
  const execution = request.execution ? ` · ${code(request.execution.executionId)}` : '';
  const line = messagesFor(locale).status.recentLine(
    escapeMrkdwn(truncate(request.packageDisplayName, 150)),
    code(request.id),
    statusWord(request, locale),
    code(request.regionId),
    request.instanceIds.length,
    slackDate(request.createdAt),
  );
  return `${line}${execution}`;
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

/** One piece of the outputs part: an instance's heading, or a fenced piece of its output. */
interface OutputPiece {
  text: string;
  /** Characters of output this piece shows. */
  shows: number;
  instanceId: string;
}

/**
 * Every instance's full output and configuration (credentials masked again, in case an older store
 * kept them), in fenced sections of at most 3000 characters, within `room`. What does not fit is
 * counted in a closing note that points to the console.
 */
function outputBlocks(
  execution: ExecutionTracking,
  room: { blocks: number; chars: number },
  m: Messages,
): KnownBlock[] {
  const pieces = execution.instances.flatMap((o) => outputPieces(o, m));
  if (pieces.length === 0) return [];
  const heading = m.status.outputHeading;
  const sections: string[] = [heading];
  let chars = room.chars - heading.length;
  // One block stays free for the note about what was cut.
  const maxSections = Math.max(1, room.blocks - 1);
  let shown = 0;
  for (; shown < pieces.length; shown++) {
    const piece = pieces[shown] as OutputPiece;
    if (piece.text.length + 1 > chars) break;
    const last = sections.length - 1;
    const joined = `${sections[last]}\n${piece.text}`;
    if (joined.length <= SlackLimits.text) sections[last] = joined;
    else if (sections.length < maxSections) sections.push(piece.text);
    else break;
    chars -= piece.text.length + 1;
  }
  const blocks: KnownBlock[] = sections.map((text) => section(text));
  const left = pieces.slice(shown);
  const cutChars = left.reduce((sum, p) => sum + p.shows, 0);
  if (cutChars > 0) {
    const instances = new Set(left.map((p) => p.instanceId)).size;
    const console = link(execution.consoleUrl, m.status.theConsole);
    blocks.push({
      type: 'context',
      elements: [mrkdwnText(m.status.outputCut(cutChars, instances, console))],
    });
  }
  return blocks;
}

/** The fenced output and configuration pieces of one instance, each with its heading (none without output). */
function outputPieces(outcome: InstanceOutcome, m: Messages): OutputPiece[] {
  const parts = [
    [m.report.output, outcome.output],
    [m.report.configuration, outcome.configuration],
  ] as const;
  const pieces: OutputPiece[] = [];
  for (const [label, raw] of parts) {
    if (!raw?.trim()) continue;
    const chunks = splitEscaped(redactCredentials(raw.trimEnd()).redacted, OUTPUT_CHUNK);
    chunks.forEach((chunk, index) => {
      const part = chunks.length > 1 ? ` (${index + 1}/${chunks.length})` : '';
      pieces.push({
        text: `${code(outcome.instanceId)} ${label}${part}\n${fence(chunk)}`,
        shows: chunk.length,
        instanceId: outcome.instanceId,
      });
    });
  }
  return pieces;
}

/** Splits `text` into pieces whose escaped form is at most `max` characters, at line ends when it can. */
function splitEscaped(text: string, max: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    for (let over = escapeMrkdwn(text.slice(start, end)).length - max; over > 0 && end > start + 1; ) {
      // Each character escapes to at most 5: dropping over/5 of them never overshoots.
      end = Math.max(start + 1, end - Math.ceil(over / 5));
      over = escapeMrkdwn(text.slice(start, end)).length - max;
    }
    if (end < text.length) {
      const newline = text.lastIndexOf('\n', end - 1);
      if (newline > start + max / 2) end = newline + 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function historyText(request: InstallRequest, m: Messages): string {
  const lines = request.history.map((h) => `• ${slackDate(h.at)} ${historyWords(h, request, m)}`);
  // Newest entries matter most: keep them, and say how many earlier ones were left out.
  const reversed = joinItems([...lines].reverse(), '\n', BUDGET.history, (n) => m.status.earlierEntries(n));
  return `${m.status.historyHead}\n${reversed.split('\n').reverse().join('\n') || '-'}`;
}

function historyWords(entry: HistoryEntry, request: InstallRequest, m: Messages): string {
  const actor = entry.actor ?? (entry.type === 'created' ? request.requester : undefined);
  const who = actor ? mention(actor) : '';
  const detail = entry.detail ? escapeMrkdwn(truncate(entry.detail.replace(/\s+/g, ' '), 300)) : '';
  return m.status.history[entry.type](who, detail);
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwnText(text) };
}
