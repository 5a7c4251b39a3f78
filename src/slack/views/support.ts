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
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
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
  const words = messagesFor(locale).support;
  if (constraints.instanceTypeFamilies.length > 0) {
    parts.push(words.instanceFamilies(constraints.instanceTypeFamilies.join(', ')));
  }
  if (parts.length === 0) return words.anyOs;
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
  const words = messagesFor(locale).support;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plainText(`✅ ${displayName}`, SlackLimits.headerText) },
  ];

  const intro = words.supported(bold(truncate(displayName, 150)));
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
      words.category,
      escapeAndTruncate(
        pkg.categories.length > 0
          ? pkg.categories.map((c) => categoryLabel(c, locale)).join(', ')
          : categoryLabel(undefined, locale),
        300,
      ),
    ),
    field(words.templateVersion, code(truncate(details.templateVersion || pkg.templateVersion || '-', 100))),
    field(words.operatingSystems, escapeAndTruncate(describeOsConstraints(pkg.constraints, locale), 600)),
  ];
  if (pkg.publisher) fields.push(field(words.publisher, escapeAndTruncate(pkg.publisher, 200)));
  if (docUrl) fields.push(field(words.documentation, link(docUrl, words.openDocumentation)));
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
        text: plainText(words.install, SlackLimits.buttonText),
        value: truncate(JSON.stringify(value), SlackLimits.buttonValue),
      },
    ],
  });

  if (otherMatches.length > 0) {
    const items = otherMatches.map(
      (p) => `${escapeAndTruncate(name(p, locale), 80)} (${code(truncate(p.templateName, 120))})`,
    );
    const list = joinLines(items, 800, (n) => andMore(n, locale)).replace(/\n/g, ' · ');
    blocks.push({ type: 'context', elements: [mrkdwnText(`${words.otherMatches}${list}`)] });
  }

  const text = words.supportedFallback(
    escapeMrkdwn(truncate(displayName, 150)),
    escapeMrkdwn(truncate(pkg.templateName, 200)),
  );
  return { text, blocks };
}

function parameterBlocks(parameters: PackageParameter[], locale: Locale): KnownBlock[] {
  const words = messagesFor(locale).support;
  const title = words.parametersTitle(parameters.length);
  if (parameters.length === 0) {
    return [{ type: 'section', text: mrkdwnText(`${title}\n${words.noParameters}`) }];
  }
  const lines = parameters.map((p) => truncate(parameterLine(p, locale), MAX_PARAMETER_LINE));
  const more = words.moreParameters;
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
  const words = messagesFor(locale).support;
  const meta = [p.type, p.required ? words.required : words.optional];
  if (p.secret) meta.push(words.secret);
  const head = `• ${code(truncate(p.name, 100))} ${words.meta(meta)}`;
  const parts = [head];
  const label = oneLine(pickText(p.label, locale));
  const description = oneLine(pickText(p.description, locale));
  const explain = [label, description && description !== label ? description : '']
    .filter(Boolean)
    .join(' — ');
  if (explain) parts.push(escapeAndTruncate(explain, 200));
  if (p.default !== undefined) {
    const shown = p.secret ? SECRET_MASK : formatValue(p.default, words);
    parts.push(words.defaultValue(code(truncate(shown, 100))));
  }
  if (p.allowedValues && p.allowedValues.length > 0) {
    const values = escapeAndTruncate(p.allowedValues.map((v) => formatValue(v, words)).join(', '), 200);
    parts.push(words.allowed(values));
  }
  return parts.join(' · ');
}

function formatValue(value: unknown, words: Messages['support']): string {
  if (value === '') return words.empty;
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
  const words = messagesFor(locale).support;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(words.unsupported(escapeAndTruncate(oneLine(query), 200))) },
  ];
  if (alternatives.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwnText(`${words.nearest}\n${packageList(alternatives, locale)}`),
    });
  } else {
    blocks.push({ type: 'section', text: mrkdwnText(words.noAlternatives) });
  }
  blocks.push({ type: 'context', elements: [mrkdwnText(words.unsupportedHint)] });
  const text = words.unsupportedFallback(plainQuery(query), fallbackNames(alternatives, locale));
  return { text, blocks };
}

function renderAmbiguous(query: string, candidates: ExtensionPackage[], locale: Locale): Message {
  const words = messagesFor(locale).support;
  const headline = words.ambiguous(candidates.length, escapeAndTruncate(oneLine(query), 200));
  const example = escapeMrkdwn(truncate(candidates[0]?.templateName ?? 'docker', 120));
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwnText(`${headline}\n${packageList(candidates, locale)}`) },
    { type: 'context', elements: [mrkdwnText(words.askAgain(example))] },
  ];
  const text = words.ambiguousFallback(
    candidates.length,
    plainQuery(query),
    fallbackNames(candidates, locale),
  );
  return { text, blocks };
}

/** The user's words for a fallback text: one line, cut, escaped (Slack reads that text as mrkdwn). */
function plainQuery(query: string): string {
  return escapeMrkdwn(truncate(oneLine(query), 200));
}

/** The first five names, for a fallback text. */
function fallbackNames(packages: ExtensionPackage[], locale: Locale): string {
  return packages
    .slice(0, 5)
    .map((p) => escapeMrkdwn(truncate(name(p, locale), 80)))
    .join(', ');
}
