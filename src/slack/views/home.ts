/**
 * The App Home tab: what the bot does, how to use it, and the user's recent install requests.
 */
import type { InstallRequest, Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { escapeMrkdwn } from './text.js';

const STATUS_EMOJI: Record<string, string> = {
  pending: ':hourglass_flowing_sand:',
  starting: ':rocket:',
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
  rejected: ':no_entry:',
  expired: ':alarm_clock:',
  withdrawn: ':leftwards_arrow_with_hook:',
  blocked: ':construction:',
  start_failed: ':warning:',
};

/** The Home tab view for one user. */
export function renderHome(locale: Locale, recent: InstallRequest[]) {
  const words = messagesFor(locale).home;
  const rows = recent.slice(0, 5).map((r) => {
    const emoji = STATUS_EMOJI[r.status] ?? ':grey_question:';
    return `${emoji} \`${r.id}\` ${escapeMrkdwn(r.packageDisplayName)} → ${r.instanceIds.length} × ${r.regionId} — *${r.status}*`;
  });
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: words.header } },
      { type: 'section', text: { type: 'mrkdwn', text: words.intro } },
      { type: 'section', text: { type: 'mrkdwn', text: words.usage.join('\n') } },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${words.recentHeader}\n${rows.length > 0 ? rows.join('\n') : words.none}`,
        },
      },
    ],
  };
}
