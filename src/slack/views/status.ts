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
import { SLASH_COMMAND } from '../ids.js';
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
import { andMore, code, escapeMrkdwn, link, type Message, mrkdwnText, plainText, truncate } from './text.js';

const BUDGET = { outcomes: 2000, history: 2500 } as const;
/** Characters of output in one fenced piece (the piece, its heading and fence stay under 3000). */
const OUTPUT_CHUNK = 2800;
/** Kept free for block text the budget does not count exactly. */
const TEXT_MARGIN = 300;
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
  const tail: KnownBlock[] = [section(historyText(request, locale))];
  tail.push({
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
  if (request.execution) {
    const room = {
      blocks: SlackLimits.messageBlocks - blocks.length - tail.length,
      chars: SlackLimits.messageBlocksTextTotal - blocksTextLength([...blocks, ...tail]) - TEXT_MARGIN,
    };
    blocks.push(...outputBlocks(request.execution, room, locale));
  }
  blocks.push(...tail);
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
  locale: Locale,
): KnownBlock[] {
  const pieces = execution.instances.flatMap((o) => outputPieces(o, locale));
  if (pieces.length === 0) return [];
  const heading = tr(locale, '*Output per instance*', '*各实例输出*');
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
    const console = link(execution.consoleUrl, tr(locale, 'the OOS console', 'OOS 控制台'));
    blocks.push({
      type: 'context',
      elements: [
        mrkdwnText(
          tr(
            locale,
            `:scissors: ${cutChars} characters of output from ${instances} instance(s) did not fit in Slack. Read the full output in ${console}.`,
            `:scissors: 有 ${instances} 台实例共 ${cutChars} 个字符的输出超出 Slack 限制，未在此显示。完整输出请在${console}中查看。`,
          ),
        ),
      ],
    });
  }
  return blocks;
}

/** The fenced output and configuration pieces of one instance, each with its heading (none without output). */
function outputPieces(outcome: InstanceOutcome, locale: Locale): OutputPiece[] {
  const parts = [
    [tr(locale, 'Output', '输出'), outcome.output],
    [tr(locale, 'Configuration', '配置信息'), outcome.configuration],
  ] as const;
  const pieces: OutputPiece[] = [];
  for (const [label, raw] of parts) {
    if (!raw?.trim()) continue;
    const chunks = splitEscaped(redactCredentials(raw.trimEnd()).redacted, OUTPUT_CHUNK);
    chunks.forEach((chunk, index) => {
      const part = chunks.length > 1 ? ` (${index + 1}/${chunks.length})` : '';
      pieces.push({
        text: `${code(outcome.instanceId)} ${label}${part}\n${fence(escapeMrkdwn(chunk))}`,
        shows: chunk.length,
        instanceId: outcome.instanceId,
      });
    });
  }
  return pieces;
}

/** A fenced block; fences inside the text are broken so the block stays closed. */
function fence(text: string): string {
  return `\`\`\`${text.replace(/```/g, "'''")}\`\`\``;
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
