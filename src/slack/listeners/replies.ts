/** Small rendering helpers the listeners share: private replies and one-line error texts. */
import type { BlockAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../domain/model.js';
import type { Logger } from '../../domain/ports.js';
import { errorLine } from '../views/describe-error.js';

/** A private reply to the person who clicked, in the channel (and thread) of the message. */
export async function tellClicker(
  client: WebClient,
  place: BlockAction,
  message: { text: string; blocks?: unknown[] },
  log: Logger,
): Promise<void> {
  const channel = place.channel?.id;
  if (!channel) return;
  try {
    await client.chat.postEphemeral({
      channel,
      user: place.user.id,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks as never } : {}),
      ...(place.message?.thread_ts ? { thread_ts: place.message.thread_ts as string } : {}),
    });
  } catch (err) {
    log.warn({ err }, 'private reply failed');
  }
}

/** An error as one line: what went wrong and what to do (the views' one wording of errors). */
export function errorText(err: unknown, locale: Locale): string {
  return errorLine(err, locale);
}
