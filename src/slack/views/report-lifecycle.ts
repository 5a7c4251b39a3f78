/**
 * What the lifecycle adds to the final report: the action in its title, per instance the version OOS
 * records after an install or update (and a flag where success left no record), and the `undo` button
 * of a successful install or update (value: the request id).
 */
import type { Button } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import type { ReportModel } from '../../domain/tracking/report.js';
import type { VerifiedInstance } from '../../domain/tracking/verify-installed.js';
import { type Messages, messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { SlackLimits } from './limits.js';
import { code, plainText } from './text.js';

/** The report's title: an install's own, or the update's or uninstall's ("Uninstall succeeded"). */
export function actionTitle(
  report: Pick<ReportModel, 'action' | 'outcome'>,
  title: string,
  m: Messages,
): string {
  return report.action === 'install' ? title : m.lifecycle.titles[report.action][report.outcome];
}

/** The verification of one instance, if the report has one. */
function verifiedOf(report: Pick<ReportModel, 'verified'>, instanceId: string): VerifiedInstance | undefined {
  return report.verified?.find((v) => v.instanceId === instanceId);
}

/** " · OOS records `v27`" for an instance line (mrkdwn), or '' when the instance was not checked. */
export function verifiedNote(report: Pick<ReportModel, 'verified'>, instanceId: string, m: Messages): string {
  const check = verifiedOf(report, instanceId);
  if (!check) return '';
  return ` · ${verifiedWords(check, m)}`;
}

function verifiedWords(check: VerifiedInstance, m: Messages): string {
  const w = m.lifecycle.verified;
  if (check.state === 'missing') return w.missing;
  if (check.state === 'unread') return w.unread;
  return check.version ? w.recorded(code(check.version)) : w.recordedNoVersion;
}

/**
 * For a group of instances shown on one line: how many OOS records at each version ("OOS records `v27`
 * (12)"), then the flagged ones named. Empty when none was checked.
 */
export function verifiedGroupNote(
  report: Pick<ReportModel, 'verified'>,
  instanceIds: readonly string[],
  m: Messages,
): string {
  const counts = new Map<string, number>();
  for (const id of instanceIds) {
    const check = verifiedOf(report, id);
    if (!check || check.state === 'missing') continue;
    const words = verifiedWords(check, m);
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  return [...counts].map(([words, n]) => `${words} (${n})`).join(' · ');
}

/** A warning line when instances reported success but OOS records no package there; '' otherwise. */
export function missingFlag(report: Pick<ReportModel, 'verified'>, m: Messages): string {
  const missing = (report.verified ?? []).filter((v) => v.state === 'missing');
  if (missing.length === 0) return '';
  return `${m.lifecycle.verified.flagged(missing.length)} ${missing.map((v) => code(v.instanceId)).join(', ')}`;
}

/** The `undo` button of a successful install or update report. */
export function undoButton(
  report: Pick<ReportModel, 'undoable' | 'requestId'>,
  locale: Locale,
): Button | undefined {
  if (!report.undoable) return undefined;
  return {
    type: 'button',
    action_id: ActionIds.undo,
    value: report.requestId,
    text: plainText(messagesFor(locale).lifecycle.undoButton, SlackLimits.buttonText),
  };
}
