/**
 * `/ecs-ext installed …` and mentions like "what's installed on i-…": one domain call (ListInstalled),
 * then the answer rendered. A slash command's reply is ephemeral, so it may hold the configuration values
 * the domain released to the asker. A mention's reply in the thread is public: it is always masked, and
 * the asker gets the unmasked answer privately (chat.postEphemeral) when the domain released any.
 */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  type InstalledOutcome,
  type InstalledQuestion,
  withoutSecrets,
} from '../../domain/lifecycle/list-installed.js';
import type { Locale } from '../../domain/model.js';
import type { Logger } from '../../domain/ports.js';
import { renderError } from '../views/error.js';
import { renderInstalled, renderInstalledProblem } from '../views/installed.js';
import type { Message } from '../views/text.js';

/** What these listeners need. */
export interface InstalledListenerDeps {
  installed: { run(question: InstalledQuestion): Promise<InstalledOutcome> };
  locale(userId: string): Promise<Locale> | Locale;
  logger: Logger;
}

/** Asks the domain; a thrown failure becomes the error message to show. */
async function ask(
  deps: InstalledListenerDeps,
  question: InstalledQuestion,
  locale: Locale,
  log: Logger,
): Promise<InstalledOutcome | Message> {
  try {
    return await deps.installed.run(question);
  } catch (err) {
    log.error({ err }, 'installed failed');
    return renderError(err, locale);
  }
}

function isOutcome(value: InstalledOutcome | Message): value is InstalledOutcome {
  return 'ok' in value;
}

/** Answers the slash command privately, configuration values included when the domain released them. */
export async function answerInstalledCommand(
  respond: RespondFn,
  question: InstalledQuestion,
  deps: InstalledListenerDeps,
): Promise<void> {
  const log = deps.logger.child({ user: question.userId, command: 'installed' });
  const locale = await deps.locale(question.userId);
  const result = await ask(deps, question, locale, log);
  const message = !isOutcome(result)
    ? result
    : result.ok
      ? renderInstalled(result.answer, locale)
      : renderInstalledProblem(result.problem, locale);
  await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks as never });
}

/** Answers a mention in its thread with the masked answer, and the asker privately when allowed. */
export async function answerInstalledMention(
  client: WebClient,
  where: { channel: string; threadTs: string },
  question: InstalledQuestion,
  deps: InstalledListenerDeps,
): Promise<void> {
  const log = deps.logger.child({ user: question.userId, event: 'app_mention', intent: 'installed' });
  const locale = await deps.locale(question.userId);
  const result = await ask(deps, question, locale, log);
  const open = !isOutcome(result)
    ? result
    : result.ok
      ? renderInstalled(withoutSecrets(result.answer), locale)
      : renderInstalledProblem(result.problem, locale);
  try {
    await client.chat.postMessage({
      channel: where.channel,
      thread_ts: where.threadTs,
      text: open.text,
      blocks: open.blocks as never,
    });
    if (isOutcome(result) && result.ok && result.answer.hasSecrets) {
      const mine = renderInstalled(result.answer, locale);
      await client.chat.postEphemeral({
        channel: where.channel,
        user: question.userId,
        thread_ts: where.threadTs,
        text: mine.text,
        blocks: mine.blocks as never,
      });
    }
  } catch (err) {
    log.error({ err, channel: where.channel }, 'could not answer the installed mention');
  }
}
