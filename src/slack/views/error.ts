/**
 * An error as a Slack message: title, what happened, how to fix it, the RAM policy in a code block on
 * permission errors, and the Request ID. Words come from describeError and the message catalog.
 */
import type { KnownBlock } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import { describeError } from './describe-error.js';
import { SlackLimits } from './limits.js';
import { escapeAndTruncate, type Message, mrkdwnText, truncate } from './text.js';

/** Renders any thrown value for the user; never shows a stack trace or an SDK's raw message. */
export function renderError(err: unknown, locale: Locale): Message {
  const description = describeError(err, locale);
  const title = escapeAndTruncate(description.title, 200);
  const detail = escapeAndTruncate(description.detail, SlackLimits.text - title.length - 20);
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwnText(`:warning: *${title}*\n${detail}`) }];
  blocks.push({ type: 'section', text: mrkdwnText(escapeAndTruncate(description.hint, SlackLimits.text)) });
  if (description.policy) {
    const policy = escapeAndTruncate(description.policy.replace(/```/g, "'''"), SlackLimits.text - 8);
    blocks.push({ type: 'section', text: mrkdwnText('```' + policy + '```') });
  }
  if (description.note) {
    blocks.push({
      type: 'context',
      elements: [mrkdwnText(escapeAndTruncate(description.note, SlackLimits.text))],
    });
  }
  const text = truncate(
    `${description.title}: ${description.detail.replace(/\n/g, ' · ')}`,
    SlackLimits.text,
  );
  return { text, blocks };
}
