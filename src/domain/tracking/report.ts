/**
 * The final report of an install (and the pending report after the poll timeout), as plain data with
 * every label of the contract. Texts use backticks and fenced blocks only; the Slack view escapes and
 * lays them out. Long outputs are cut to fit Slack, credentials are masked and kept for the requester.
 */
import { isRecord, parseJson } from '../json.js';
import {
  type InstallRequest,
  type InstanceOutcome,
  isTerminalStatus,
  type Locale,
  type Localized,
  SECRET_MASK,
} from '../model.js';
import { isCredentialKey, redactCredentials } from './credentials.js';
import { countInstances, failedInstanceIds, type InstanceCounts } from './progress.js';
import { statusIcon, statusPhrase } from './status-text.js';
import { followUpSuggestions } from './suggestions.js';

/** How the execution ended (or `pending` after the poll timeout). */
export type ReportOutcome = 'succeeded' | 'partial' | 'failed' | 'cancelled' | 'pending';

/** One labelled value of the report. */
export interface ReportField {
  label: string;
  value: string;
}

/** A labelled list (Result Details, Follow-up Suggestions). */
export interface ReportList {
  label: string;
  items: string[];
  /** Shown under the list, e.g. that some output was shortened and where the full text is. */
  note?: string;
}

/** Everything the final (or pending) report says, in the request's language. */
export interface FinalReport {
  outcome: ReportOutcome;
  /** One line with an emoji, e.g. "✅ Installation succeeded — Node.js". */
  title: string;
  /** One line for notifications, e.g. "Node.js: installation succeeded on 5 of 5 instances". */
  summary: string;
  /** Extension Name, Installation Target, Installation Parameters, Execution ID, Execution Status, Completion Time. */
  fields: ReportField[];
  resultDetails: ReportList;
  followUp: ReportList;
  requester: string;
  requestId: string;
  consoleUrl: string;
  /** Instances a retry should target (empty unless the execution ended). */
  failedInstanceIds: string[];
  /** Unmasked credentials found in outputs, for the requester only (ephemeral). */
  privateText?: string;
}

const LABELS = {
  extensionName: { en: 'Extension Name', zh: '扩展名称 (Extension Name)' },
  target: { en: 'Installation Target', zh: '安装目标 (Installation Target)' },
  parameters: { en: 'Installation Parameters', zh: '安装参数 (Installation Parameters)' },
  executionId: { en: 'Execution ID', zh: '执行 ID (Execution ID)' },
  executionStatus: { en: 'Execution Status', zh: '执行状态 (Execution Status)' },
  completionTime: { en: 'Completion Time', zh: '完成时间 (Completion Time)' },
  resultDetails: { en: 'Result Details', zh: '结果详情 (Result Details)' },
  followUp: { en: 'Follow-up Suggestions', zh: '后续建议 (Follow-up Suggestions)' },
} as const satisfies Record<string, Localized>;

/** The contract's report labels in English, in order. */
export const REPORT_LABELS = Object.values(LABELS).map((l) => l.en);

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

function say(locale: Locale, text: Localized): string {
  return locale === 'zh' ? text.zh : text.en;
}

/** The final report of a request whose execution ended (Success, Failed or Cancelled). */
export function buildFinalReport(request: InstallRequest, options: { locale: Locale }): FinalReport {
  return buildReport(request, options.locale);
}

/** The report posted when the poll timeout passes before the execution ends. */
export function buildPendingReport(
  request: InstallRequest,
  options: { locale: Locale; timeoutMinutes: number },
): FinalReport {
  return buildReport(request, options.locale, options.timeoutMinutes);
}

function buildReport(request: InstallRequest, locale: Locale, timeoutMinutes?: number): FinalReport {
  const execution = request.execution;
  const instances = execution?.instances ?? [];
  const counts = countInstances(instances);
  const pending = timeoutMinutes !== undefined || !execution || !isTerminalStatus(execution.status);
  const outcome: ReportOutcome = pending ? 'pending' : outcomeOf(execution.status, counts);
  const name = request.packageDisplayName || request.packageName;
  const details = resultDetails(request, instances, locale);
  const followUp = pending
    ? pendingSuggestions(request, locale)
    : followUpSuggestions(request, locale, { hasPrivateDetails: details.privateText !== undefined });
  const report: FinalReport = {
    outcome,
    title: `${TITLE_ICON[outcome]} ${say(locale, TITLES[outcome])} — ${name}`,
    summary: summaryLine(name, outcome, counts, locale),
    fields: [
      { label: say(locale, LABELS.extensionName), value: extensionName(request) },
      { label: say(locale, LABELS.target), value: targetText(request, locale) },
      { label: say(locale, LABELS.parameters), value: parametersText(request, locale) },
      { label: say(locale, LABELS.executionId), value: execution ? `\`${execution.executionId}\`` : '-' },
      {
        label: say(locale, LABELS.executionStatus),
        value: statusText(request, counts, locale, timeoutMinutes),
      },
      { label: say(locale, LABELS.completionTime), value: completionText(request, locale, pending) },
    ],
    resultDetails: { label: say(locale, LABELS.resultDetails), items: details.items, note: details.note },
    followUp: { label: say(locale, LABELS.followUp), items: followUp },
    requester: request.requester,
    requestId: request.id,
    consoleUrl: execution?.consoleUrl ?? '',
    failedInstanceIds: failedInstanceIds(request),
  };
  if (details.privateText) report.privateText = details.privateText;
  if (!report.resultDetails.note) delete report.resultDetails.note;
  return report;
}

const TITLES: Record<ReportOutcome, Localized> = {
  succeeded: { en: 'Installation succeeded', zh: '安装成功' },
  partial: { en: 'Installation partly failed', zh: '安装部分失败' },
  failed: { en: 'Installation failed', zh: '安装失败' },
  cancelled: { en: 'Installation cancelled', zh: '安装已取消' },
  pending: { en: 'Installation still pending', zh: '安装仍未完成' },
};

const TITLE_ICON: Record<ReportOutcome, string> = {
  succeeded: '✅',
  partial: '⚠️',
  failed: '❌',
  cancelled: '⏹️',
  pending: '⏳',
};

function outcomeOf(status: string, counts: InstanceCounts): ReportOutcome {
  if (status === 'Cancelled') return 'cancelled';
  if (status === 'Success')
    return counts.total > 0 && counts.succeeded < counts.total ? 'partial' : 'succeeded';
  return counts.succeeded > 0 ? 'partial' : 'failed';
}

function summaryLine(name: string, outcome: ReportOutcome, counts: InstanceCounts, locale: Locale): string {
  const title = say(locale, TITLES[outcome]);
  return locale === 'zh'
    ? `${name}：${title}（${counts.succeeded}/${counts.total} 台实例成功）`
    : `${name}: ${title.toLowerCase()} (${counts.succeeded} of ${counts.total} instances succeeded)`;
}

function extensionName(request: InstallRequest): string {
  const version = request.packageVersion ? ` ${request.packageVersion}` : '';
  const display = request.packageDisplayName && request.packageDisplayName !== request.packageName;
  return display
    ? `${request.packageDisplayName} (\`${request.packageName}\`${version})`
    : `\`${request.packageName}\`${version}`;
}

function targetText(request: InstallRequest, locale: Locale): string {
  const ids = request.instanceIds.map((id) => `\`${id}\``).join(', ');
  const n = request.instanceIds.length;
  return locale === 'zh'
    ? `地域 \`${request.regionId}\`，${n} 台实例：${ids}`
    : `Region \`${request.regionId}\`, ${n} instance${n === 1 ? '' : 's'}: ${ids}`;
}

/** The StartExecution Parameters as stored, secrets masked, long target lists shortened. */
function parametersText(request: InstallRequest, locale: Locale): string {
  const parsed = request.startParameters ? parseJson(request.startParameters) : undefined;
  const source: Record<string, unknown> = isRecord(parsed)
    ? parsed
    : { packageName: request.packageName, parameters: request.parameters };
  const masked = maskParameters(source, new Set(request.secretParameterNames)) as Record<string, unknown>;
  const json = JSON.stringify(masked, null, 1).replace(/\n\s*/g, ' ');
  const cut = cutText(json, PARAMETERS_BUDGET);
  const note = cut === json ? '' : `\n${say(locale, SHORTENED)}`;
  return `${fence(cut)}${note}`;
}

function maskParameters(value: unknown, secretNames: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) {
    if (value.length > 5 && value.every((v) => typeof v === 'string')) {
      return [...value.slice(0, 3), `…+${value.length - 3}`];
    }
    return value.map((v) => maskParameters(v, secretNames));
  }
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secret = secretNames.has(key) || (isCredentialKey(key) && typeof inner !== 'object');
    result[key] = secret && inner !== '' && inner !== null ? SECRET_MASK : maskParameters(inner, secretNames);
  }
  return result;
}

function statusText(
  request: InstallRequest,
  counts: InstanceCounts,
  locale: Locale,
  timeoutMinutes: number | undefined,
): string {
  const execution = request.execution;
  if (!execution) return '-';
  const tally = countsText(counts, locale);
  if (timeoutMinutes !== undefined) {
    const minutes = formatMinutes(timeoutMinutes);
    return locale === 'zh'
      ? `Pending（等待 ${minutes} 分钟后超时）— OOS 最近状态 \`${execution.status}\`，${tally}`
      : `Pending (timed out after ${minutes} minutes) — last seen \`${execution.status}\`, ${tally}`;
  }
  const message = execution.statusMessage ? ` — ${cutText(oneLine(execution.statusMessage), 300)}` : '';
  return `\`${execution.status}\`${message}\n${tally}`;
}

function countsText(c: InstanceCounts, locale: Locale): string {
  if (locale === 'zh') {
    const parts = [`${c.finished}/${c.total} 台已完成`, `${c.succeeded} 成功`];
    if (c.failed) parts.push(`${c.failed} 失败`);
    if (c.cancelled) parts.push(`${c.cancelled} 取消`);
    return parts.join('，');
  }
  const parts = [`${c.finished}/${c.total} done`, `${c.succeeded} succeeded`];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  return parts.join(', ');
}

function completionText(request: InstallRequest, locale: Locale, pending: boolean): string {
  const execution = request.execution;
  if (!execution) return '-';
  if (pending || !execution.endedAt) {
    return say(locale, {
      en: `Not finished yet (started ${formatTime(execution.startedAt)})`,
      zh: `尚未完成（开始于 ${formatTime(execution.startedAt)}）`,
    });
  }
  const took = Date.parse(execution.endedAt) - Date.parse(execution.startedAt);
  const duration =
    Number.isFinite(took) && took >= 0
      ? ` (${say(locale, { en: 'took', zh: '耗时' })} ${formatDuration(took, locale)})`
      : '';
  return `${formatTime(execution.endedAt)}${duration}`;
}

const SHORTENED: Localized = {
  en: '_(shortened to fit Slack)_',
  zh: '_（为适应 Slack 已截断）_',
};

interface Details {
  items: string[];
  note?: string;
  privateText?: string;
}

function resultDetails(
  request: InstallRequest,
  instances: readonly InstanceOutcome[],
  locale: Locale,
): Details {
  let shortened = false;
  const privateParts: string[] = [];
  const scanned = instances.map((instance) => {
    const output = instance.output ? redactCredentials(instance.output) : undefined;
    const configuration = instance.configuration ? redactCredentials(instance.configuration) : undefined;
    if (configuration?.found.length || output?.found.length) {
      const raw = [instance.configuration, output?.found.length ? instance.output : undefined]
        .filter(Boolean)
        .join('\n');
      privateParts.push(`• \`${instance.instanceId}\`\n${fence(cutText(raw, 1500))}`);
    }
    return { instance, output: output?.redacted, configuration: configuration?.redacted };
  });

  const items: string[] = [];
  const grouped = instances.length > DETAILED_INSTANCES;
  const quiet = grouped ? scanned.filter((s) => s.instance.status === 'Success') : [];
  if (quiet.length > 0) {
    const ids = quiet.map((s) => `\`${s.instance.instanceId}\``).join(', ');
    items.push(
      locale === 'zh' ? `✅ ${quiet.length} 台成功：${ids}` : `✅ ${quiet.length} succeeded: ${ids}`,
    );
    if (quiet.some((s) => s.output || s.configuration)) shortened = true;
  }
  const detailed = scanned.filter((s) => !quiet.includes(s));
  const budget = Math.max(160, Math.min(1500, Math.floor(DETAILS_BUDGET / Math.max(1, detailed.length))));
  for (const { instance, output, configuration } of detailed) {
    const line = instanceLine(instance, locale);
    const parts = [line];
    let room = budget - line.length;
    if (instance.message && instance.status !== 'Success') {
      const message = cutText(oneLine(instance.message), Math.max(60, Math.min(400, room)));
      if (message !== oneLine(instance.message)) shortened = true;
      parts[0] = `${line}${locale === 'zh' ? '：' : ': '}${message}`;
      room -= message.length + 2;
    }
    // The configuration (a panel's URL, how to log in) comes first and keeps its room; the output,
    // often a long install log, gets what is left.
    for (const [label, text, cap] of [
      [say(locale, { en: 'Configuration', zh: '配置信息' }), configuration, CONFIGURATION_CAP],
      [say(locale, { en: 'Output', zh: '输出' }), output, Number.POSITIVE_INFINITY],
    ] as const) {
      const trimmed = text?.trim();
      if (!trimmed) continue;
      const allowed = Math.min(cap, room);
      const max = allowed - label.length - BLOCK_OVERHEAD;
      if (trimmed.length > max && allowed < MIN_ROOM) {
        shortened = true;
        continue;
      }
      const cut = cutText(trimmed, max);
      if (cut !== trimmed) shortened = true;
      parts.push(`${label}${locale === 'zh' ? '：' : ':'}\n${fence(cut)}`);
      room -= cut.length + label.length + BLOCK_OVERHEAD;
    }
    items.push(parts.join('\n'));
  }
  if (instances.length === 0) {
    items.push(
      say(locale, { en: 'OOS has not reported any instance yet.', zh: 'OOS 尚未报告任何实例的结果。' }),
    );
  }
  const details: Details = { items };
  if (shortened) {
    details.note = say(locale, {
      en: `Some output was shortened to fit Slack. The full text is in the console (View in console) and in \`/ecs-ext status ${request.id}\`.`,
      zh: `部分输出为适应 Slack 已截断。完整内容见控制台（在控制台查看）或 \`/ecs-ext status ${request.id}\`。`,
    });
  }
  if (privateParts.length > 0) details.privateText = privateText(request, privateParts, locale);
  return details;
}

function instanceLine(instance: InstanceOutcome, locale: Locale): string {
  const icon = statusIcon(instance.status) ?? '❔';
  return `${icon} \`${instance.instanceId}\` — ${statusPhrase(instance.status, locale)}`;
}

function privateText(request: InstallRequest, parts: string[], locale: Locale): string {
  const head = say(locale, {
    en: `🔒 Only you can see this. Credentials from ${request.packageDisplayName || request.packageName} (request \`${request.id}\`); they are masked in the channel. Copy them somewhere safe now (this message disappears when Slack reloads) and change initial passwords after the first login.`,
    zh: `🔒 仅你可见。以下是 ${request.packageDisplayName || request.packageName} 输出的凭证（申请 \`${request.id}\`），频道中已隐藏。请立即妥善保存（此消息在 Slack 刷新后消失），并在首次登录后修改初始密码。`,
  });
  const kept: string[] = [head];
  let length = head.length;
  for (const part of parts) {
    if (length + part.length + 1 > PRIVATE_BUDGET) {
      kept.push(
        say(locale, {
          en: `…more in the console or on the instance (\`/ecs-ext status ${request.id}\`).`,
          zh: `…其余内容请在控制台或实例上查看（\`/ecs-ext status ${request.id}\`）。`,
        }),
      );
      break;
    }
    kept.push(part);
    length += part.length + 1;
  }
  return kept.join('\n');
}

function pendingSuggestions(request: InstallRequest, locale: Locale): string[] {
  const execution = request.execution;
  const cli = execution
    ? `\`aliyun oos ListExecutions --RegionId ${execution.regionId} --ExecutionId ${execution.executionId}\``
    : undefined;
  const lines = [
    say(locale, {
      en: 'The bot keeps checking in the background and posts the final report here when the execution ends.',
      zh: '机器人会在后台继续检查，执行结束后会在此发布最终报告。',
    }),
    say(locale, {
      en: `Check it yourself any time: \`/ecs-ext status ${request.id}\`, or open the execution in the OOS console (View in console).`,
      zh: `随时自行查看：\`/ecs-ext status ${request.id}\`，或在 OOS 控制台打开该执行（在控制台查看）。`,
    }),
  ];
  if (cli)
    lines.push(say(locale, { en: `With the Alibaba Cloud CLI: ${cli}`, zh: `使用阿里云 CLI：${cli}` }));
  if (execution?.status === 'Waiting') {
    lines.push(
      say(locale, {
        en: 'The execution is Waiting: someone must confirm it in the OOS console before it continues.',
        zh: '执行处于 Waiting 状态：需要有人在 OOS 控制台确认后才会继续。',
      }),
    );
  }
  return lines;
}

/** `2025-06-01 10:04:12 UTC` from an ISO time (the input when it does not parse). */
function formatTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function formatDuration(ms: number, locale: Locale): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units = locale === 'zh' ? ['小时', '分', '秒'] : [' h', ' min', ' s'];
  const parts: string[] = [];
  if (h) parts.push(`${h}${units[0]}`);
  if (m) parts.push(`${m}${units[1]}`);
  if (s || parts.length === 0) parts.push(`${s}${units[2]}`);
  return parts.join(' ');
}

/** `20`, `1.5`, `0.005`: whole minutes as they are, fractions to three significant digits. */
function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? String(minutes) : String(Number(minutes.toPrecision(3)));
}

/** Cuts to at most `max` characters, ending with "…" when cut. */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A fenced block; fences inside the text are broken so the block stays closed. */
function fence(text: string): string {
  return `\`\`\`${text.replace(/```/g, "'''")}\`\`\``;
}
