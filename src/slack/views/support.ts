/**
 * Scenario 2: "is <thing> supported?" — the package's details with an Install button, the nearest
 * alternatives when it is not supported, or the candidates to choose from when the words were ambiguous.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { SupportAnswer } from '../../domain/catalog/support.js';
import {
  type ExtensionPackage,
  type Locale,
  type OsConstraints,
  type PackageDetails,
  type PackageParameter,
  pickText,
  SECRET_MASK,
} from '../../domain/model.js';
import { ActionIds, SLASH_COMMAND } from '../ids.js';
import { SlackLimits } from './limits.js';
import { categoryLabel } from './list.js';
import {
  andMore,
  bold,
  code,
  escapeAndTruncate,
  escapeMrkdwn,
  joinLines,
  link,
  type Message,
  mrkdwnText,
  plainText,
  safeHttpUrl,
  truncate,
} from './text.js';

/** What the "Install…" button carries in its value (JSON). */
export interface InstallButtonValue {
  packageName: string;
}

/** Characters of parameter text shown; the rest are summarised (the install form lists them all). */
const PARAMETER_TEXT_BUDGET = 5000;
/** Longest single parameter line. */
const MAX_PARAMETER_LINE = 400;
/** Most alternatives or candidates listed. */
const MAX_LISTED = 10;

/** Renders the answer to `/ecs-ext check …` in the wanted language. */
export function renderSupportAnswer(answer: SupportAnswer, locale: Locale): Message {
  switch (answer.kind) {
    case 'supported':
      return renderSupported(answer.details, answer.otherMatches, locale);
    case 'unsupported':
      return renderUnsupported(answer.query, answer.alternatives, locale);
    case 'ambiguous':
      return renderAmbiguous(answer.query, answer.candidates, locale);
  }
}

/** One-line description of OS constraints ("any Linux/Windows supported by Cloud Assistant" when none). */
export function describeOsConstraints(constraints: OsConstraints, locale: Locale): string {
  const parts: string[] = [];
  if (constraints.osPlatforms.length > 0) parts.push(constraints.osPlatforms.join(', '));
  else if (constraints.osTypes.length > 0) {
    parts.push(constraints.osTypes.map((t) => (t === 'linux' ? 'Linux' : 'Windows')).join(', '));
  }
  if (constraints.osVersions.length > 0) parts.push(constraints.osVersions.join(', '));
  if (constraints.instanceTypeFamilies.length > 0) {
    const families = constraints.instanceTypeFamilies.join(', ');
    parts.push(locale === 'zh' ? `实例规格族：${families}` : `instance families: ${families}`);
  }
  if (parts.length === 0) {
    return locale === 'zh'
      ? '云助手支持的任意 Linux / Windows 系统'
      : 'Any Linux or Windows supported by Cloud Assistant';
  }
  return parts.join(' · ');
}

function name(pkg: ExtensionPackage, locale: Locale): string {
  return pickText(pkg.displayName, locale) || pkg.templateName;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function renderSupported(details: PackageDetails, otherMatches: ExtensionPackage[], locale: Locale): Message {
  const pkg = details.package;
  const displayName = name(pkg, locale);
  const zh = locale === 'zh';
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(`✅ ${displayName}`, SlackLimits.headerText) },
  ];

  const intro = zh
    ? `${bold(truncate(displayName, 150))} 可以作为 ECS 扩展程序安装。`
    : `${bold(truncate(displayName, 150))} is supported as an ECS extension.`;
  const description = oneLine(pickText(pkg.description, locale));
  const introText = description ? `${intro}\n${escapeAndTruncate(description, 1000)}` : intro;
  const introSection: SectionBlock = { type: 'section', text: mrkdwnText(introText) };
  const imageUrl = safeHttpUrl(pkg.imageUrl);
  if (imageUrl) {
    introSection.accessory = {
      type: 'image',
      image_url: imageUrl,
      alt_text: truncate(displayName, SlackLimits.altText),
    };
  }
  blocks.push(introSection);

  const docUrl = safeHttpUrl(pickText(pkg.docUrl, locale), 500);
  const field = (label: string, value: string) => mrkdwnText(`*${label}*\n${value}`, SlackLimits.fieldText);
  const fields = [
    field('TemplateName', code(truncate(pkg.templateName, 200))),
    field(
      zh ? '类别' : 'Category',
      escapeAndTruncate(
        pkg.categories.length > 0
          ? pkg.categories.map((c) => categoryLabel(c, locale)).join(', ')
          : categoryLabel(undefined, locale),
        300,
      ),
    ),
    field(
      zh ? '模板版本' : 'Template version',
      code(truncate(details.templateVersion || pkg.templateVersion || '-', 100)),
    ),
    field(
      zh ? '操作系统' : 'Operating systems',
      escapeAndTruncate(describeOsConstraints(pkg.constraints, locale), 600),
    ),
  ];
  if (pkg.publisher) fields.push(field(zh ? '发布者' : 'Publisher', escapeAndTruncate(pkg.publisher, 200)));
  if (docUrl)
    fields.push(field(zh ? '文档' : 'Documentation', link(docUrl, zh ? '查看文档' : 'Open documentation')));
  blocks.push({ type: 'section', fields });

  blocks.push(...parameterBlocks(details.parameters, locale));

  const value: InstallButtonValue = { packageName: pkg.templateName };
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        style: 'primary',
        action_id: ActionIds.openInstallForm,
        text: plainText(zh ? '安装…' : 'Install…', SlackLimits.buttonText),
        value: truncate(JSON.stringify(value), SlackLimits.buttonValue),
      },
    ],
  });

  if (otherMatches.length > 0) {
    const items = otherMatches.map(
      (p) => `${escapeAndTruncate(name(p, locale), 80)} (${code(truncate(p.templateName, 120))})`,
    );
    const label = zh ? '其他相近的扩展：' : 'Other close matches: ';
    const list = joinLines(items, 800, (n) => andMore(n, locale)).replace(/\n/g, ' · ');
    blocks.push({ type: 'context', elements: [mrkdwnText(`${label}${list}`)] });
  }

  const text = zh
    ? `${truncate(displayName, 150)}（${truncate(pkg.templateName, 200)}）可以作为 ECS 扩展程序安装。`
    : `${truncate(displayName, 150)} (${truncate(pkg.templateName, 200)}) is supported as an ECS extension.`;
  return { text, blocks };
}

function parameterBlocks(parameters: PackageParameter[], locale: Locale): KnownBlock[] {
  const zh = locale === 'zh';
  const title = zh
    ? `*安装参数*（${parameters.length}）`
    : `*Installation parameters* (${parameters.length})`;
  if (parameters.length === 0) {
    const none = zh ? '此扩展没有安装参数。' : 'This extension takes no installation parameters.';
    return [{ type: 'section', text: mrkdwnText(`${title}\n${none}`) }];
  }
  const lines = parameters.map((p) => truncate(parameterLine(p, locale), MAX_PARAMETER_LINE));
  const more = (rest: number): string =>
    zh
      ? `…还有 ${rest} 个参数，完整列表见安装表单。`
      : `…and ${rest} more parameter${rest === 1 ? '' : 's'}; the install form lists them all.`;
  const sections: string[] = [];
  let current = title;
  let total = title.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const after = lines.length - i - 1;
    const reserve = after > 0 ? 1 + more(after).length : 0;
    const next = total + 1 + line.length + reserve > PARAMETER_TEXT_BUDGET ? more(lines.length - i) : line;
    if (current.length + 1 + next.length > SlackLimits.text) {
      sections.push(current);
      current = next;
    } else {
      current = `${current}\n${next}`;
    }
    total += 1 + next.length;
    if (next !== line) break;
  }
  sections.push(current);
  return sections.map((text) => ({ type: 'section', text: mrkdwnText(text) }));
}

function parameterLine(p: PackageParameter, locale: Locale): string {
  const zh = locale === 'zh';
  const meta = [p.type, p.required ? (zh ? '必填' : 'required') : zh ? '可选' : 'optional'];
  if (p.secret) meta.push(zh ? '保密' : 'secret');
  const head = `• ${code(truncate(p.name, 100))} ${zh ? `（${meta.join('，')}）` : `(${meta.join(', ')})`}`;
  const parts = [head];
  const label = oneLine(pickText(p.label, locale));
  const description = oneLine(pickText(p.description, locale));
  const explain = [label, description && description !== label ? description : '']
    .filter(Boolean)
    .join(' — ');
  if (explain) parts.push(escapeAndTruncate(explain, 200));
  if (p.default !== undefined) {
    const shown = p.secret ? SECRET_MASK : formatValue(p.default, zh);
    parts.push(`${zh ? '默认值' : 'default'} ${code(truncate(shown, 100))}`);
  }
  if (p.allowedValues && p.allowedValues.length > 0) {
    const values = escapeAndTruncate(p.allowedValues.map((v) => formatValue(v, zh)).join(', '), 200);
    parts.push(zh ? `允许值：${values}` : `allowed: ${values}`);
  }
  return parts.join(' · ');
}

function formatValue(value: unknown, zh: boolean): string {
  if (value === '') return zh ? '（空）' : '(empty)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

function packageList(packages: ExtensionPackage[], locale: Locale): string {
  const lines = packages.map((p) => {
    const description = oneLine(pickText(p.description, locale));
    const head = `• ${bold(truncate(name(p, locale), 80))}  ${code(truncate(p.templateName, 120))}`;
    return description ? `${head}\n   ${escapeAndTruncate(description, 150)}` : head;
  });
  return joinLines(lines, SlackLimits.text - 400, (n) => andMore(n, locale), MAX_LISTED);
}

function renderUnsupported(query: string, alternatives: ExtensionPackage[], locale: Locale): Message {
  const zh = locale === 'zh';
  const shown = escapeAndTruncate(oneLine(query), 200);
  const headline = zh
    ? `*${shown}* 目前还不支持作为 ECS 扩展程序安装。`
    : `*${shown}* is not currently supported as an ECS extension.`;
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(headline) }];
  if (alternatives.length > 0) {
    const intro = zh ? '*最接近的可用扩展：*' : '*The nearest available extensions:*';
    blocks.push({ type: 'section', text: mrkdwnText(`${intro}\n${packageList(alternatives, locale)}`) });
  } else {
    blocks.push({
      type: 'section',
      text: mrkdwnText(zh ? '没有找到相近的扩展程序。' : 'No close alternatives were found.'),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwnText(
        zh
          ? `查看全部扩展：\`${SLASH_COMMAND} list\` · 查看其中一个：\`${SLASH_COMMAND} check <TemplateName>\``
          : `See every extension: \`${SLASH_COMMAND} list\` · Check one: \`${SLASH_COMMAND} check <TemplateName>\``,
      ),
    ],
  });
  const plainQuery = truncate(oneLine(query), 200);
  const names = alternatives
    .slice(0, 5)
    .map((p) => truncate(name(p, locale), 80))
    .join(', ');
  const text = zh
    ? `${plainQuery} 目前还不支持作为 ECS 扩展程序安装。${names ? `相近的扩展：${names}。` : ''}`
    : `${plainQuery} is not currently supported as an ECS extension.${names ? ` Nearest: ${names}.` : ''}`;
  return { text, blocks };
}

function renderAmbiguous(query: string, candidates: ExtensionPackage[], locale: Locale): Message {
  const zh = locale === 'zh';
  const shown = escapeAndTruncate(oneLine(query), 200);
  const headline = zh
    ? `有 ${candidates.length} 个扩展与 *${shown}* 匹配，你指的是哪一个？`
    : `${candidates.length} extensions match *${shown}*. Which one did you mean?`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(`${headline}\n${packageList(candidates, locale)}`) },
    {
      type: 'context',
      elements: [
        mrkdwnText(
          zh
            ? `用完整名称再问一次，例如：\`${SLASH_COMMAND} check ${escapeMrkdwn(truncate(candidates[0]?.templateName ?? 'docker', 120))}\``
            : `Ask again with the exact name, e.g. \`${SLASH_COMMAND} check ${escapeMrkdwn(truncate(candidates[0]?.templateName ?? 'docker', 120))}\``,
        ),
      ],
    },
  ];
  const names = candidates
    .slice(0, 5)
    .map((p) => truncate(name(p, locale), 80))
    .join(', ');
  const plainQuery = truncate(oneLine(query), 200);
  const text = zh
    ? `有 ${candidates.length} 个扩展与“${plainQuery}”匹配：${names}。你指的是哪一个？`
    : `${candidates.length} extensions match "${plainQuery}": ${names}. Which one did you mean?`;
  return { text, blocks };
}
