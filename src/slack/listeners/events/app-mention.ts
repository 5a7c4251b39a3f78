/**
 * @mentions: the words are routed to a scenario and answered in the mention's thread; an install
 * mention gets a button that opens the prefilled form (a mention carries no trigger_id).
 * @see https://docs.slack.dev/reference/events/app_mention
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../domain/ports.js';
import { routeIntent } from '../../../domain/routing/intent.js';
import { renderInstallPrompt } from '../../views/install-prompt.js';
import type { Message } from '../../views/text.js';
import { answerCommand, failure } from '../answer-command.js';
import type { ListenerDeps } from '../deps.js';
import { answerInstalledMention } from '../installed.js';

/** Mentions remembered to drop Slack's re-deliveries. */
const MAX_SEEN = 1000;

/** Handles app_mention events. */
export function appMention(deps: ListenerDeps) {
  const seen = new Set<string>();
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    // Repeats of one delivery (same event_id) never get here (the delivery guard); a message is also
    // identified by channel and ts, whatever event_id a re-delivery carries. A retry whose first try
    // never arrived is answered.
    const eventId = `${event.channel}:${event.ts}`;
    if (seen.has(eventId)) return;
    seen.add(eventId);
    if (seen.size > MAX_SEEN) seen.delete(seen.values().next().value as string);

    const user = event.user ?? '';
    const log = deps.logger.child({ user, event: 'app_mention', eventId });
    const command = routeIntent(event.text);
    if (command.kind === 'installed') {
      const where = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
      const question = { userId: user, channelId: event.channel, words: command.words };
      await answerInstalledMention(client, where, question, deps);
      return;
    }
    const locale = await deps.locale(user);
    let message: Message;
    try {
      message =
        command.kind === 'install'
          ? (renderInstallPrompt(
              {
                ...(await deps.install.form.parsePrefill(command.words)),
                ...(command.action ? { action: command.action } : {}),
              },
              command.words,
              locale,
            ) as Message)
          : await answerCommand(command, user, locale, deps);
    } catch (err) {
      message = failure(err, locale, log, command.kind);
    }
    await postInThread(client, event.channel, event.thread_ts ?? event.ts, message, log);
  };
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
