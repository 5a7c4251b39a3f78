/**
 * What the requester is told, privately, when their confirmation message could not be posted (the bot
 * is not in the channel, or Slack refused): the request was dropped and how to try again.
 */
import type { InstallRequest } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { escapeMrkdwn } from './text.js';

/** Slack errors that mean the bot cannot post in that channel at all. */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

/** The note for a confirmation that Slack refused with error `code` (undefined when unknown). */
export function notPostedText(request: InstallRequest, code: string | undefined): string {
  const words = messagesFor(request.locale).notPosted;
  return code && NOT_A_MEMBER.has(code)
    ? words.notMember(`<#${request.channelId}>`)
    : words.failed(code === undefined ? undefined : escapeMrkdwn(code));
}
