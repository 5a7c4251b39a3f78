/**
 * The `/ecs-ext` command grammar and the intent routing of mentions and free text (English and
 * Chinese), as fixed by the contract: list, support check, install, status, installed, help.
 */
import { cleanMessage, isInstanceIdWord, isRegionIdWord, meaningfulWords } from './words.js';

/** What a command or a message asks the bot to do. */
export type BotCommand =
  | { kind: 'help' }
  | { kind: 'list'; filter: string }
  | { kind: 'check'; query: string }
  /** Opens the form; `action` when the command named update or uninstall (install otherwise). */
  | { kind: 'install'; words: string; action?: 'update' | 'uninstall' }
  | { kind: 'status'; id?: string }
  | { kind: 'policy' }
  /** What OOS records as installed on the instances named in `words`. */
  | { kind: 'installed'; words: string }
  | { kind: 'unknown'; text: string };

/** Instance ids, a region id and package words found in install words. */
export interface InstallTargets {
  /** Every `i-…` word, in order, de-duplicated (not validated). */
  instanceIds: string[];
  /** The first region-shaped word (or Chinese region name). */
  regionId?: string;
  /** What is left: the words naming the package. */
  rest: string;
}

type Subcommand =
  | 'help'
  | 'list'
  | 'check'
  | 'install'
  | 'update'
  | 'uninstall'
  | 'status'
  | 'policy'
  | 'installed';

const SUBCOMMANDS = new Map<string, Subcommand>([
  ...['help', 'usage', '?', '帮助', '说明', '使用说明'].map((word) => [word, 'help'] as const),
  ...['list', 'ls', 'browse', 'catalog', '列表', '列出', '目录'].map((word) => [word, 'list'] as const),
  ...['search', 'check', 'info', 'find', '查询', '搜索', '检查', '查找', '查看', '详情'].map(
    (word) => [word, 'check'] as const,
  ),
  ...['install', 'deploy', '安装', '部署'].map((word) => [word, 'install'] as const),
  ...['status', '状态', '进度'].map((word) => [word, 'status'] as const),
  ...['policy', 'policies', 'rules', '策略', '规则'].map((word) => [word, 'policy'] as const),
  ...['installed', '已安装'].map((word) => [word, 'installed'] as const),
  ...['update', 'upgrade', '更新', '升级'].map((word) => [word, 'update'] as const),
  ...['uninstall', 'remove', '卸载', '移除'].map((word) => [word, 'uninstall'] as const),
]);

const GREETING =
  /^(?:hi|hello|hey|yo|help|usage|\?+|你好|您好|嗨|哈喽|帮助|使用说明|说明|怎么用|用法|what can you do|how do i use (?:this|you|it)|你能做什么|你可以做什么)(?:\s*(?:there|bot))?[\s!.?！。？~]*$/iu;

const STATUS_ID = /^(?:req|exec)-[A-Za-z0-9_-]+$/i;

const STATUS = [
  /\bstatus\b/i,
  /\bprogress\b/i,
  /\bhow(?:'s| is| are)\b.*\b(?:install(?:ation)?|request|execution|deploy(?:ment)?)s?\b/i,
  /\bmy (?:requests|installs|installations|executions)\b/i,
  /\bis my (?:install(?:ation)?|request|deploy(?:ment)?) (?:done|finished|ready|complete(?:d)?)\b/i,
  /\bdid my (?:install(?:ation)?|request|deploy(?:ment)?) (?:finish|complete|work|succeed|fail)\b/i,
  /\bany (?:news|updates?) on my\b/i,
  /状态|进度|装好了吗|装完了吗|完成了吗|好了没|完了没|我的(?:请求|安装|申请)/u,
  /(?:安装|部署|装)(?:得|的)?怎么样/u,
];

const LIST = [
  /\bwhat\b.*\b(?:extensions|packages|plugins|software)\b/i,
  /\bwhich\b.*\b(?:extensions|packages|plugins|software)\b/i,
  /\b(?:list|ls|browse|catalog(?:ue)?)\b/i,
  /\bavailable (?:extensions|packages|plugins)\b/i,
  /\b(?:extensions|packages|plugins) (?:are )?available\b/i,
  /\bshow me\b/i,
  /\ball (?:the )?(?:extensions|packages|plugins)\b/i,
  /\bwhat can (?:i|we|you) install\b/i,
  /\bwhat do you (?:have|support|offer)\b/i,
  /^any\b.*\b(?:extensions|packages|plugins|tools)\b/i,
  /哪些|列出|列表|目录|都有什么|有(?:什么|啥).*?(?:扩展|插件|软件|应用|工具)|有(?:什么|啥)(?:可以装|能装|可以安装|能安装|可装|可安装)/u,
];

const SUPPORT = [
  /\b(?:can|could|may) (?:i|we)\b(?: \w+)? (?:install|deploy|use|run|get|have|set ?up)\b/i,
  /\bany chance\b/i,
  /\bpossible to\b/i,
  /\bsupport(?:s|ed)?\b/i,
  /\bdo (?:you|we) (?:have|offer|provide|carry)\b/i,
  /\b(?:is|are) there (?:an?|any)\b/i,
  /\bavailable\b/i,
  /\b(?:check|search|find|look ?up|info|information|details?)\b/i,
  /\b(?:what|how) about\b/i,
  /支持|能不能|能否|可不可以|是否|有没有|查一下|查询|搜索|查找|详情|介绍/u,
  /(?:可以|能)(?:安装|装|部署).*[吗么嘛]/u,
  /有.+[吗么嘛][?？]?$/u,
];

/** "What's installed on i-…", "i-… 上装了什么": what OOS records on instances. */
const INSTALLED = [
  /\bwhat(?:'s| is| are)?\b.*\binstalled (?:on|in)\b/i,
  /\bwhat does\b.*\bhave installed\b/i,
  /\b(?:is|are)\b.+\binstalled (?:on|in)\b/i,
  /\binstalled (?:extensions|packages|software)\b.*\bon\b/i,
  /(?:上|里)?(?:都)?(?:装了|安装了)(?:什么|哪些|啥)/u,
  /已安装(?:的)?(?:什么|哪些|扩展|插件|软件)/u,
];

const INSTALL = [
  /\b(?:install|deploy|set ?up|provision)\b/i,
  /安装|部署|装一下|装个|装上|帮我装|给我装|^装/u,
  /装(?!好|完|了)\s*[\p{Script=Han}A-Za-z0-9]/u,
];

/** "Uninstall docker from i-…", "卸载 nginx": the form with action uninstall. */
const UNINSTALL = [/\b(?:uninstall|remove)\b/i, /卸载|移除/u];

/** "Update node on i-…", "升级 docker": the form with action update. */
const UPDATE = [/\b(?:update|upgrade)\b/i, /升级|更新/u];

/** Verbs that ask for an install only when the text also names an instance ("put docker on i-…"). */
const INSTALL_ON_TARGET = /\b(?:put|add|get|need|want|give)\b/i;

/** Fallback: a message of at most this many words is read as a package name to check. */
const MAX_BARE_QUERY_WORDS = 3;

function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/** Words naming a package: meaningful words without instance or region ids. */
function subjectOf(text: string): string {
  return meaningfulWords(text)
    .filter((word) => !isInstanceIdWord(word) && !isRegionIdWord(word))
    .join(' ');
}

function statusIdOf(text: string): string | undefined {
  return meaningfulWords(text).find((word) => STATUS_ID.test(word));
}

/** Routes a mention or free text by intent (Slack mention tokens are ignored). */
export function routeIntent(text: string): BotCommand {
  const clean = cleanMessage(text);
  if (clean === '' || GREETING.test(clean)) return { kind: 'help' };
  const statusId = statusIdOf(clean);
  if (statusId) return { kind: 'status', id: statusId };
  if (matchesAny(INSTALLED, clean)) return { kind: 'installed', words: clean };
  if (matchesAny(STATUS, clean)) return { kind: 'status' };
  if (matchesAny(LIST, clean)) return { kind: 'list', filter: subjectOf(clean) };
  if (matchesAny(SUPPORT, clean)) {
    const query = subjectOf(clean);
    return query === '' ? { kind: 'list', filter: '' } : { kind: 'check', query };
  }
  const named = meaningfulWords(clean);
  if (matchesAny(UNINSTALL, clean)) return { kind: 'install', words: named.join(' '), action: 'uninstall' };
  if (matchesAny(UPDATE, clean)) return { kind: 'install', words: named.join(' '), action: 'update' };
  if (matchesAny(INSTALL, clean) || (named.some(isInstanceIdWord) && INSTALL_ON_TARGET.test(clean)))
    return { kind: 'install', words: named.join(' ') };
  const subject = subjectOf(clean);
  if (subject !== '' && clean.split(' ').length <= MAX_BARE_QUERY_WORDS)
    return { kind: 'check', query: subject };
  return { kind: 'unknown', text: clean };
}

/** Parses the text of `/ecs-ext …`: a subcommand first, anything else routed by intent. */
export function parseCommand(text: string): BotCommand {
  const clean = cleanMessage(text);
  if (clean === '') return { kind: 'help' };
  const first = clean.split(' ', 1)[0]!;
  const rest = clean.slice(first.length).trim();
  const subcommand = SUBCOMMANDS.get(first.toLowerCase());
  switch (subcommand) {
    case 'help':
      return { kind: 'help' };
    case 'list':
      return { kind: 'list', filter: subjectOf(rest) };
    case 'check': {
      const query = subjectOf(rest) || rest;
      return query === '' ? { kind: 'help' } : { kind: 'check', query };
    }
    case 'install':
      return { kind: 'install', words: meaningfulWords(rest).join(' ') };
    case 'update':
    case 'uninstall':
      return { kind: 'install', words: meaningfulWords(rest).join(' '), action: subcommand };
    case 'status': {
      const id = meaningfulWords(rest)[0] ?? rest.split(' ')[0];
      return id ? { kind: 'status', id } : { kind: 'status' };
    }
    case 'policy':
      return { kind: 'policy' };
    case 'installed':
      return { kind: 'installed', words: rest };
    default:
      return routeIntent(clean);
  }
}

/** Splits install words into instance ids, a region id and the words naming the package. */
export function extractInstallTargets(words: string): InstallTargets {
  const instanceIds: string[] = [];
  let regionId: string | undefined;
  const rest: string[] = [];
  for (const word of meaningfulWords(words)) {
    if (isInstanceIdWord(word)) {
      if (!instanceIds.includes(word)) instanceIds.push(word);
    } else if (isRegionIdWord(word)) {
      regionId ??= word.toLowerCase();
    } else {
      rest.push(word);
    }
  }
  return { instanceIds, ...(regionId ? { regionId } : {}), rest: rest.join(' ') };
}
