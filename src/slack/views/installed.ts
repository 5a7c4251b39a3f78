/**
 * `/ecs-ext installed`: per instance, the extensions OOS records (display name, TemplateName, version,
 * when, and whether a newer one exists). Configuration values appear only when the answer carries them
 * (the domain includes them only for an entitled asker, and the listener sends such a message privately);
 * otherwise each field shows masked. Words come from the `installed` entries of the message catalogs.
 */
import type { KnownBlock } from '@slack/types';
import type {
  InstalledAnswer,
  InstalledExtension,
  InstalledProblem,
  InstanceInstalled,
} from '../../domain/lifecycle/list-installed.js';
import { type Locale, pickText, SECRET_MASK } from '../../domain/model.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
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

type Words = Messages['installed'];

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
  const more = messagesFor(locale).common.andMore;
  return `${title}\n${joinLines(lines, SECTION_BUDGET - title.length - 1, more)}`;
}

/**
 * The answer as a message. Configuration values show only if the answer carries them; pass such an
 * answer only to a private (ephemeral) reply.
 */
export function renderInstalled(answer: InstalledAnswer, locale: Locale): Message {
  const w = messagesFor(locale).installed;
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
    const more = messagesFor(locale).common.andMore;
    const ids = joinLines(answer.notFound.map(code), 2000, more, 20).replace(/\n/g, ' ');
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
  const text = w.fallback(count, answer.instances.length, answer.regionId);
  return { text, blocks };
}

/** Why the question could not be answered, and how to ask it. */
export function renderInstalledProblem(problem: InstalledProblem, locale: Locale): Message {
  const messages = messagesFor(locale);
  const p = messages.installed.problems;
  const list = (ids: string[]) =>
    joinLines(ids.map(code), 1500, messages.common.andMore, 10).replace(/\n/g, ' ');
  const text =
    problem.code === 'no_instances'
      ? p.noInstances(SLASH_COMMAND)
      : problem.code === 'bad_instance_ids'
        ? p.badInstanceIds(list(problem.ids))
        : problem.code === 'too_many_instances'
          ? p.tooManyInstances(problem.count, problem.max)
          : p.noneFound(
              list(problem.instanceIds),
              escapeMrkdwn(problem.regionId),
              problem.regionGiven,
              SLASH_COMMAND,
            );
  return { text, blocks: [{ type: 'section', text: mrkdwnText(`:warning: ${text}`) }] };
}
