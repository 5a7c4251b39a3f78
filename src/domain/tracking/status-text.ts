/**
 * How an OOS status (of an execution or of one instance) reads in the thread: one icon and one word per
 * status, so the progress replies and the final report always say the same thing about it.
 */
import type { Locale, Localized } from '../model.js';

const STATUSES: Record<string, { icon: string; word: Localized }> = {
  Started: { icon: '🚀', word: { en: 'started', zh: '已开始' } },
  Queued: { icon: '🕒', word: { en: 'queued', zh: '排队中' } },
  Running: { icon: '🔄', word: { en: 'running', zh: '运行中' } },
  Waiting: { icon: '⏸️', word: { en: 'waiting for confirmation', zh: '等待确认' } },
  Pending: { icon: '⏳', word: { en: 'pending', zh: '等待中' } },
  Success: { icon: '✅', word: { en: 'succeeded', zh: '成功' } },
  Failed: { icon: '❌', word: { en: 'failed', zh: '失败' } },
  Cancelled: { icon: '⏹️', word: { en: 'cancelled', zh: '已取消' } },
  Unknown: { icon: '❔', word: { en: 'no result reported', zh: '未报告结果' } },
};

/** The icon of an OOS status; undefined for a status we have no icon for. */
export function statusIcon(status: string): string | undefined {
  return STATUSES[status]?.icon;
}

/** The status as words within a sentence ("waiting for confirmation", "成功"); an unknown status as it is. */
export function statusPhrase(status: string, locale: Locale): string {
  const word = STATUSES[status]?.word;
  return word ? word[locale] : status;
}

/** The status as a heading: OOS's own name in English (as the console shows it), translated in Chinese. */
export function statusName(status: string, locale: Locale): string {
  return locale === 'zh' ? statusPhrase(status, locale) : status;
}
