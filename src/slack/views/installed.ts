/**
 * `/ecs-ext installed`: per instance, the extensions OOS records (display name, TemplateName, version,
 * when, and whether a newer one exists). Configuration values appear only when the answer carries them
 * (the domain includes them only for an entitled asker, and the listener sends such a message privately);
 * otherwise each field shows masked. English and Chinese.
 */
import type { KnownBlock } from '@slack/types';
import type {
  InstalledAnswer,
  InstalledExtension,
  InstalledProblem,
  InstanceInstalled,
} from '../../domain/lifecycle/list-installed.js';
import { type Locale, pickText, SECRET_MASK } from '../../domain/model.js';
import { SLASH_COMMAND } from '../ids.js';
import { renderError } from './error.js';
import { SlackLimits } from './limits.js';
import {
  bold,
  code,
  escapeAndTruncate,
  escapeMrkdwn,
  joinLines,
  type Message,
  mrkdwnText,
  plainText,
} from './text.js';

/** Words of this view, per locale (kept here until the shared message catalog exists). */
const WORDS = {
  en: {
    title: 'Installed extensions',
    summary: (region: string, count: number) =>
      `Region ${region} · ${count} instance${count === 1 ? '' : 's'} · as recorded by OOS`,
    nothing: 'No extension recorded by OOS.',
    unreadable: 'Could not read what is installed',
    newer: (version: string) => `newer ${version} available`,
    latest: 'latest',
    noVersion: 'version unknown',
    configuration: 'Configuration',
    masked:
      'Configuration values are hidden. Whoever requested that install, or may approve installs in this channel, can see them privately with `/ecs-ext installed`.',
    privateNote: 'Only you can see this message: it holds configuration values (logins, passwords).',
    notFound: (region: string) => `Not found in ${region}:`,
    moreInstances: (n: number) => `…and ${n} more instance${n === 1 ? '' : 's'}; ask about fewer at a time.`,
    moreLines: (n: number) => `…and ${n} more`,
    problems: {
      no_instances: `Name the instances to look at, e.g. \`${SLASH_COMMAND} installed i-bp1abcdefghijk0001 cn-hangzhou\`.`,
      bad_instance_ids: (ids: string) =>
        `These are not instance IDs: ${ids}. An instance ID looks like \`i-bp1abcdefghijk0001\`.`,
      too_many_instances: (count: number, max: number) =>
        `That is ${count} instances; ask about at most ${max} at a time.`,
      none_found: (ids: string, region: string, given: boolean) =>
        given
          ? `None of ${ids} exists in ${region}. Check the IDs and the region.`
          : `None of ${ids} exists in ${region} (the default region). If they are elsewhere, add the region: \`${SLASH_COMMAND} installed i-… cn-shanghai\`.`,
    },
  },
  zh: {
    title: '已安装的扩展',
    summary: (region: string, count: number) => `地域 ${region} · ${count} 台实例 · 以 OOS 的记录为准`,
    nothing: 'OOS 没有记录任何扩展。',
    unreadable: '无法读取已安装的扩展',
    newer: (version: string) => `有新版本 ${version}`,
    latest: '已是最新',
    noVersion: '版本未知',
    configuration: '配置信息',
    masked: '配置信息的值已隐藏。发起该安装的人或本频道的审批人可以用 `/ecs-ext installed` 私下查看。',
    privateNote: '此消息仅你可见：其中包含配置信息（登录名、密码）。',
    notFound: (region: string) => `在 ${region} 中找不到：`,
    moreInstances: (n: number) => `…还有 ${n} 台实例；请分批查询。`,
    moreLines: (n: number) => `…还有 ${n} 项`,
    problems: {
      no_instances: `请指明要查看的实例，例如 \`${SLASH_COMMAND} installed i-bp1abcdefghijk0001 cn-hangzhou\`。`,
      bad_instance_ids: (ids: string) => `这些不是实例 ID：${ids}。实例 ID 形如 \`i-bp1abcdefghijk0001\`。`,
      too_many_instances: (count: number, max: number) => `一共 ${count} 台实例；每次最多查询 ${max} 台。`,
      none_found: (ids: string, region: string, given: boolean) =>
        given
          ? `${region} 中没有 ${ids}。请检查实例 ID 和地域。`
          : `默认地域 ${region} 中没有 ${ids}。如果实例在其他地域，请加上地域：\`${SLASH_COMMAND} installed i-… cn-shanghai\`。`,
    },
  },
} as const;

type Words = (typeof WORDS)[Locale];

/** Characters of one instance's section (Slack allows 3000). */
const SECTION_BUDGET = 2800;
/** Blocks kept free for the header, summary, "not found", "more" and the footer. */
const FIXED_BLOCKS = 5;

/** A date as Slack shows it in the reader's time zone, with a UTC fallback. */
function shortDate(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeMrkdwn(iso);
  const fallback = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short} {time}|${fallback}>`;
}

function versionText(extension: InstalledExtension, w: Words): string {
  const installed = extension.installedVersion ? code(extension.installedVersion) : w.noVersion;
  if (extension.newerAvailable && extension.latestVersion) {
    return `${installed} · ${w.newer(escapeMrkdwn(extension.latestVersion))}`;
  }
  return extension.latestVersion && extension.latestVersion === extension.installedVersion
    ? `${installed} (${w.latest})`
    : installed;
}

function configurationText(extension: InstalledExtension, w: Words): string | undefined {
  if (extension.configurationKeys.length === 0) return undefined;
  const fields = extension.configurationKeys.map((key) => {
    const value = extension.configuration?.[key];
    return `${escapeMrkdwn(key)}: ${value === undefined ? SECRET_MASK : code(value)}`;
  });
  return `      ${w.configuration}: ${fields.join(' · ')}`;
}

function extensionLines(extension: InstalledExtension, locale: Locale, w: Words): string[] {
  const when = extension.updatedAt ? ` · ${shortDate(extension.updatedAt)}` : '';
  const head = `• ${bold(pickText(extension.displayName, locale))} ${code(extension.templateName)} ${versionText(extension, w)}${when}`;
  const config = configurationText(extension, w);
  return config ? [head, config] : [head];
}

function instanceText(instance: InstanceInstalled, locale: Locale, w: Words): string {
  const title = instance.name
    ? `${bold(instance.name)} ${code(instance.instanceId)}`
    : code(instance.instanceId);
  if (instance.error !== undefined) {
    const reason = escapeAndTruncate(renderError(instance.error, locale).text, 300);
    return `${title}\n:warning: ${w.unreadable}: ${reason}`;
  }
  if (instance.extensions.length === 0) return `${title}\n_${w.nothing}_`;
  const lines = instance.extensions.flatMap((e) => extensionLines(e, locale, w));
  return `${title}\n${joinLines(lines, SECTION_BUDGET - title.length - 1, w.moreLines)}`;
}

/**
 * The answer as a message. Configuration values show only if the answer carries them; pass such an
 * answer only to a private (ephemeral) reply.
 */
export function renderInstalled(answer: InstalledAnswer, locale: Locale): Message {
  const w = WORDS[locale];
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(w.title, SlackLimits.headerText) },
    {
      type: 'context',
      elements: [mrkdwnText(w.summary(escapeMrkdwn(answer.regionId), answer.instances.length))],
    },
  ];
  if (answer.hasSecrets) blocks.push({ type: 'context', elements: [mrkdwnText(`:lock: ${w.privateNote}`)] });
  let textLeft = SlackLimits.messageBlocksTextTotal - 1500;
  let shown = 0;
  for (const instance of answer.instances) {
    const text = instanceText(instance, locale, w);
    if (blocks.length >= SlackLimits.messageBlocks - FIXED_BLOCKS || text.length > textLeft) break;
    blocks.push({ type: 'section', text: mrkdwnText(text) });
    textLeft -= text.length;
    shown += 1;
  }
  const hidden = answer.instances.length - shown;
  if (hidden > 0) blocks.push({ type: 'context', elements: [mrkdwnText(w.moreInstances(hidden))] });
  if (answer.notFound.length > 0) {
    const ids = joinLines(answer.notFound.map(code), 2000, w.moreLines, 20).replace(/\n/g, ' ');
    blocks.push({
      type: 'context',
      elements: [mrkdwnText(`${w.notFound(escapeMrkdwn(answer.regionId))} ${ids}`)],
    });
  }
  const masked = answer.instances.some((i) =>
    i.extensions.some((e) => e.configurationKeys.length > 0 && e.configuration === undefined),
  );
  if (masked) blocks.push({ type: 'context', elements: [mrkdwnText(w.masked)] });
  const count = answer.instances.reduce((sum, i) => sum + i.extensions.length, 0);
  const text =
    locale === 'zh'
      ? `${w.title}：${answer.instances.length} 台实例，共 ${count} 个扩展（${answer.regionId}）`
      : `${w.title}: ${count} on ${answer.instances.length} instance${answer.instances.length === 1 ? '' : 's'} in ${answer.regionId}`;
  return { text, blocks };
}

/** Why the question could not be answered, and how to ask it. */
export function renderInstalledProblem(problem: InstalledProblem, locale: Locale): Message {
  const p = WORDS[locale].problems;
  const list = (ids: string[]) =>
    joinLines(ids.map(code), 1500, WORDS[locale].moreLines, 10).replace(/\n/g, ' ');
  const text =
    problem.code === 'no_instances'
      ? p.no_instances
      : problem.code === 'bad_instance_ids'
        ? p.bad_instance_ids(list(problem.ids))
        : problem.code === 'too_many_instances'
          ? p.too_many_instances(problem.count, problem.max)
          : p.none_found(list(problem.instanceIds), escapeMrkdwn(problem.regionId), problem.regionGiven);
  return { text, blocks: [{ type: 'section', text: mrkdwnText(`:warning: ${text}`) }] };
}
