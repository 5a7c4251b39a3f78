/**
 * Thread replies about a request's approval and start: approvals, refusals, rejection, withdrawal,
 * expiry, a blocked start, the start itself and a failed start. Tracking events (progress, reports)
 * are rendered by the tracking views.
 */
import type { KnownBlock } from '@slack/types';
import type { InstallRequest, Locale } from '../../domain/model.js';
import type { RequestEvent } from '../../domain/ports.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { approversLabel, duplicatesText, mention, statusWord } from './confirmation.js';
import { renderError } from './error.js';
import { SlackLimits } from './limits.js';
import { code, link, type Message, mrkdwnText, truncate } from './text.js';

/** The thread reply for an approval-phase event, or undefined for events rendered elsewhere. */
export function renderApprovalEvent(
  request: InstallRequest,
  event: RequestEvent,
  locale: Locale,
): Message | undefined {
  const words = messagesFor(locale).approval;
  const requester = mention(request.requester);
  switch (event.kind) {
    case 'approved':
      return reply(words.approved(mention(event.by), event.count, event.required));
    case 'refused':
      return reply(refusalText(request, event.by, event.reason, locale));
    case 'rejected':
      return reply(words.rejected(mention(event.by), requester));
    case 'withdrawn':
      return reply(words.withdrawn(mention(event.by)));
    case 'expired':
      return reply(
        words.expired(request.policy.requiredApprovals, ttlText(request.policy.ttlMinutes, words), requester),
      );
    case 'blocked': {
      const blocked = { ...request, duplicates: event.duplicates };
      return reply(`${words.blockedHead}\n${duplicatesText(blocked, locale)}\n${words.blockedAdvice}`);
    }
    case 'started':
      return reply(words.started(code(event.executionId), link(event.consoleUrl, words.startedLink)));
    case 'start_failed': {
      const error = renderError(event.error, locale);
      return {
        text: truncate(`${plainFallback(words.startFailedHead)} ${error.text}`, SlackLimits.text),
        blocks: [
          { type: 'section', text: mrkdwnText(words.startFailedHead) },
          ...error.blocks,
          { type: 'context', elements: [mrkdwnText(words.startFailedAdvice)] },
        ],
      };
    }
    case 'start_unconfirmed':
      return reply(words.startUnconfirmed(renderError(event.error, locale).text));
    default:
      return undefined;
  }
}

function refusalText(
  request: InstallRequest,
  by: string,
  reason: Extract<RequestEvent, { kind: 'refused' }>['reason'],
  locale: Locale,
): string {
  const words = messagesFor(locale).approval.refused;
  const who = mention(by);
  switch (reason) {
    case 'not_approver':
    case 'self_approval':
      return words[reason](who, approversLabel(request, locale));
    case 'already_approved':
      return words.already_approved(who, request.approvals.length, request.policy.requiredApprovals);
    case 'not_pending':
      return words.not_pending(who, statusWord(request, locale));
    case 'not_requester':
      return words.not_requester(who, mention(request.requester));
  }
}

function ttlText(minutes: number, words: Messages['approval']): string {
  if (minutes % 1440 === 0) return words.ttl.days(minutes / 1440);
  if (minutes % 60 === 0) return words.ttl.hours(minutes / 60);
  return words.ttl.minutes(minutes);
}

function reply(mrkdwn: string): Message {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(mrkdwn) }];
  return { text: truncate(plainFallback(mrkdwn), SlackLimits.text), blocks };
}

/** The notification text: mrkdwn without emoji codes and bold marks. */
function plainFallback(mrkdwn: string): string {
  return mrkdwn
    .replace(/:[a-z_]+: /g, '')
    .replace(/\*/g, '')
    .trim();
}
