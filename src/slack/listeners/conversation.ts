/**
 * The `/ecs-ext` command, @mentions, catalog paging and the Home tab: each listener acks at once, makes
 * one domain call and renders the outcome. Commands answer privately (response_url); mentions answer in
 * the mention's thread.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { filterPackages } from '../../domain/catalog/browse.js';
import { checkSupport } from '../../domain/catalog/support.js';
import type { Locale } from '../../domain/model.js';
import type { Logger } from '../../domain/ports.js';
import { type BotCommand, parseCommand, routeIntent } from '../../domain/routing/intent.js';
import { ActionIds, SLASH_COMMAND } from '../ids.js';
import { renderError } from '../views/error.js';
import { renderHelp } from '../views/help.js';
import { renderHome } from '../views/home.js';
import { renderInstallPrompt } from '../views/install-prompt.js';
import { parseCatalogPageValue, renderCatalog } from '../views/list.js';
import { renderRecentRequests, renderRequestNotFound, renderRequestStatus } from '../views/status.js';
import { renderSupportAnswer } from '../views/support.js';
import { openInstallModal } from './install.js';
import { answerInstalledCommand, answerInstalledMention } from './installed.js';
import { answerPolicyCommand } from './policy.js';
import type { SlackServices } from './services.js';

/** A rendered message. */
interface Message {
  text: string;
  blocks: unknown[];
}

/** Answer a command for scenarios list, check, status and help (install opens a modal instead). */
async function answer(command: BotCommand, user: string, locale: Locale, s: SlackServices): Promise<Message> {
  switch (command.kind) {
    case 'list': {
      return catalogPage(s, command.filter, 1, locale);
    }
    case 'check':
      if (!command.query.trim()) return renderHelp(locale) as Message;
      return renderSupportAnswer(await checkSupport(s.catalog, command.query), locale) as Message;
    case 'status': {
      if (command.id) {
        const request = await s.install.find(command.id);
        if (request) return renderRequestStatus(request, locale) as Message;
        return renderRequestNotFound(command.id, locale);
      }
      return renderRecentRequests(await s.install.recent(user, 10), locale) as Message;
    }
    default:
      return renderHelp(locale) as Message;
  }
}

/** Render a failure as words a person can act on, and log it with its context. */
function failure(err: unknown, locale: Locale, log: Logger, what: string): Message {
  log.error({ err }, `${what} failed`);
  return renderError(err, locale) as Message;
}

async function reply(respond: RespondFn, message: Message, replace = false): Promise<void> {
  await respond({
    response_type: 'ephemeral',
    replace_original: replace,
    text: message.text,
    blocks: message.blocks as never,
  });
}

/** Register the slash command, mention, paging and Home tab listeners. */
export function registerConversationListeners(app: App, s: SlackServices): void {
  const installedDeps = {
    installed: s.installed,
    locale: (u: string) => s.users.locale(u),
    logger: s.logger,
  };
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const log = s.logger.child({ user: command.user_id, command: 'ecs-ext', triggerId: command.trigger_id });
    const parsed = parseCommand(command.text ?? '');
    if (parsed.kind === 'install') {
      // views.open first: the trigger_id lives 3 seconds, so the locale lookup must not hold it up.
      await openInstallModal(client, command.trigger_id, parsed.words, {
        userId: command.user_id,
        channelId: command.channel_id,
        locale: s.users.locale(command.user_id),
        install: s.install,
        logger: log,
      });
      return;
    }
    if (parsed.kind === 'installed') {
      const question = { userId: command.user_id, channelId: command.channel_id, words: parsed.words };
      await answerInstalledCommand(respond, question, installedDeps);
      return;
    }
    // Let the acks of requests already waiting go out before this one's work (ack latency in bursts).
    await new Promise<void>((resolve) => setImmediate(resolve));
    const locale = await s.users.locale(command.user_id);
    let message: Message;
    try {
      message =
        parsed.kind === 'policy'
          ? answerPolicyCommand(s, command.channel_id, locale)
          : await answer(parsed, command.user_id, locale, s);
    } catch (err) {
      message = failure(err, locale, log, parsed.kind);
    }
    await reply(respond, message);
  });

  const seenEvents = new Set<string>();
  app.event('app_mention', async ({ event, client, context }) => {
    // Slack re-delivers an event it thinks timed out; the first delivery is already being answered.
    // A message is identified by channel and ts, whatever event_id a re-delivery carries.
    const eventId = `${event.channel}:${event.ts}`;
    if (context.retryNum || seenEvents.has(eventId)) return;
    seenEvents.add(eventId);
    if (seenEvents.size > 1000) seenEvents.delete(seenEvents.values().next().value as string);

    const user = event.user ?? '';
    const log = s.logger.child({ user, event: 'app_mention', eventId });
    const command = routeIntent(event.text);
    if (command.kind === 'installed') {
      const where = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
      const question = { userId: user, channelId: event.channel, words: command.words };
      await answerInstalledMention(client, where, question, installedDeps);
      return;
    }
    const locale = await s.users.locale(user);
    let message: Message;
    try {
      message =
        command.kind === 'install'
          ? (renderInstallPrompt(
              await s.install.parsePrefill(command.words),
              command.words,
              locale,
            ) as Message)
          : await answer(command, user, locale, s);
    } catch (err) {
      message = failure(err, locale, log, command.kind);
    }
    await postInThread(client, event.channel, event.thread_ts ?? event.ts, message, log);
  });

  app.action(ActionIds.listPage, async ({ ack, action, body, respond }) => {
    await ack();
    const user = body.user.id;
    const locale = await s.users.locale(user);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '{}';
    let message: Message;
    try {
      const { page, filter } = parseCatalogPageValue(value);
      message = await catalogPage(s, filter, page, locale);
    } catch (err) {
      message = failure(err, locale, s.logger.child({ user }), 'list page');
    }
    await reply(respond, message, true);
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const locale = await s.users.locale(event.user);
    const recent = await s.install.recent(event.user, 5);
    await client.views.publish({ user_id: event.user, view: renderHome(locale, recent) as never });
  });
}

/** Rendered catalog pages per cached package list: a refreshed list starts a fresh memo. */
const renderedPages = new WeakMap<object, Map<string, Message>>();

/** One page of the catalog, filtered by the domain's matching when words are given (pages are 1-based). */
async function catalogPage(
  s: SlackServices,
  filter: string | undefined,
  page: number,
  locale: Locale,
): Promise<Message> {
  const snapshot = await s.catalog.list();
  // A stale catalog shows its age, which changes: render it every time.
  const memo = snapshot.stale
    ? undefined
    : (renderedPages.get(snapshot.packages) ?? new Map<string, Message>());
  const key = JSON.stringify([filter ?? '', page, locale]);
  const hit = memo?.get(key);
  if (hit) return hit;
  const matches = filter ? filterPackages(snapshot.packages, filter) : undefined;
  const message = renderCatalog({ snapshot, filter, matches, page, locale }) as Message;
  if (memo) {
    if (memo.size >= 200) memo.clear();
    memo.set(key, message);
    renderedPages.set(snapshot.packages, memo);
  }
  return message;
}

async function postInThread(
  client: WebClient,
  channel: string,
  threadTs: string,
  message: Message,
  log: Logger,
): Promise<void> {
  try {
    await client.chat.postMessage({
      channel,
      thread_ts: threadTs,
      text: message.text,
      blocks: message.blocks as never,
    });
  } catch (err) {
    log.error({ err, channel }, 'could not reply to the mention');
  }
}
