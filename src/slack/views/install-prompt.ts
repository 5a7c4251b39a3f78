/**
 * The reply to a mention that asks for an install: mentions carry no trigger_id, so the bot offers a
 * button that opens the prefilled form.
 */
import type { InstallPrefill } from '../../domain/install/types.js';
import type { Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { SlackLimits } from './limits.js';
import { code } from './text.js';

/** "Open install form" message for a mention, prefilled with what the words named. */
export function renderInstallPrompt(prefill: InstallPrefill, words: string, locale: Locale) {
  const m = messagesFor(locale).prompt;
  const parts: string[] = [];
  if (prefill.packageName) parts.push(m.package(code(prefill.packageName)));
  if (prefill.instanceIds.length > 0) parts.push(m.instances(prefill.instanceIds.length));
  if (prefill.regionId) parts.push(m.region(code(prefill.regionId)));
  const text = m.text(parts);
  let value = JSON.stringify({ ...prefill, words });
  if (value.length > SlackLimits.buttonValue) value = JSON.stringify({ words: words.slice(0, 1500) });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            style: 'primary',
            action_id: ActionIds.openInstallForm,
            text: { type: 'plain_text', text: m.button },
            value,
          },
        ],
      },
    ],
  };
}
