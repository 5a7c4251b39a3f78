/**
 * How an OOS status (of an execution or of one instance) reads in Slack: one icon and one phrase per
 * status, so progress replies and the final report always say the same thing about it.
 */
import type { KnownStatus } from '../i18n/en/tracking.js';
import type { Messages } from '../i18n/messages.js';

const ICONS: Record<KnownStatus, string> = {
  Started: '🚀',
  Queued: '🕒',
  Running: '🔄',
  Waiting: '⏸️',
  Pending: '⏳',
  Success: '✅',
  Failed: '❌',
  Cancelled: '⏹️',
  NotReached: '⏭️',
  Unknown: '❔',
};

function isKnown(status: string): status is KnownStatus {
  return Object.hasOwn(ICONS, status);
}

/** The icon of an OOS status; undefined for a status we have no icon for. */
export function statusIcon(status: string): string | undefined {
  return isKnown(status) ? ICONS[status] : undefined;
}

/** The status as words within a sentence ("waiting for confirmation", "成功"); an unknown status as it is. */
export function statusPhrase(status: string, m: Messages): string {
  return isKnown(status) ? m.executionStatus.phrase[status] : status;
}

/** The status as a heading: OOS's own name in English (as the console shows it), translated in Chinese. */
export function statusHeading(status: string, m: Messages): string {
  return m.executionStatus.heading(status, statusPhrase(status, m));
}
