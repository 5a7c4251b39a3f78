/**
 * Thread replies about a rollout and the channel's guardrails: a wave started, the pause with the
 * `continue_rollout` / `stop_rollout` buttons (after the canary it shows the canary's result), the
 * answers to it, refused clicks, an approval refused by a freeze, and the approvers' reminder. Also the
 * lines the confirmation and status views add: the reason, the rollout and where it stands, the policy
 * version. Pure functions of the request.
 */
import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { InstallRequest, Locale } from '../../domain/model.js';
import type { RequestEvent } from '../../domain/ports.js';
import type { FreezeNote } from '../../domain/rollout/rollout-events.js';

import { currentStage, stageCount, wavesOfStage } from '../../domain/rollout/rollout-state.js';
import { countInstances } from '../../domain/tracking/progress.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds } from '../ids.js';
import { approversLabel, joinItems, mention, slackDate } from './confirmation.js';
import { SlackLimits } from './limits.js';
import {
  andMore,
  code,
  escapeAndTruncate,
  escapeMrkdwn,
  type Message,
  mrkdwnText,
  plainText,
  truncate,
} from './text.js';

/** Longest reason shown in a message. */
const REASON_CHARS = 500;
/** Character budget of a wave's instance list. */
const IDS_BUDGET = 1200;

/** The thread reply for a rollout or guardrail event, or undefined for events rendered elsewhere. */
export function renderRolloutEvent(
  request: InstallRequest,
  event: RequestEvent,
  locale: Locale,
): Message | undefined {
  const m = messagesFor(locale).rollout;
  switch (event.kind) {
    case 'wave_started':
      return renderWaveStarted(request, event.stage, locale);
    case 'rollout_paused':
      return renderPaused(request, locale);
    case 'rollout_continued':
      return reply(m.continued(mention(event.by)));
    case 'rollout_stopped':
      return reply(m.stopped(mention(event.by)));
    case 'rollout_refused': {
      const who = mention(event.by);
      if (event.reason === 'freeze' && event.freeze)
        return reply(m.refused.freeze(who, ...freezeMd(event.freeze)));
      if (event.reason === 'not_approver')
        return reply(m.refused.not_approver(who, approversLabel(request, locale)));
      return reply(m.refused.not_paused(who));
    }
    case 'approval_frozen':
      return reply(m.approvalFrozen(mention(event.by), ...freezeMd(event.freeze)));
    case 'reminder':
      return renderReminder(request, locale);
    default:
      return undefined;
  }
}

function freezeMd(freeze: FreezeNote): [string, string] {
  return [escapeAndTruncate(freeze.reason, 300), slackDate(freeze.until)];
}

function renderWaveStarted(request: InstallRequest, stage: number, locale: Locale): Message {
  const m = messagesFor(locale).rollout;
  const rollout = request.rollout;
  const ids = rollout ? wavesOfStage(rollout, stage).flatMap((w) => w.instanceIds) : [];
  const idsMd = joinItems(ids.map(code), ' ', IDS_BUDGET, (n) => andMore(n, locale));
  return reply(m.waveStarted(stage, rollout ? stageCount(rollout) : 1, ids.length, idsMd));
}

/** The pause: why, the result of the stage that ended, who may answer, and the two buttons. */
function renderPaused(request: InstallRequest, locale: Locale): Message {
  const m = messagesFor(locale).rollout;
  const rollout = request.rollout;
  const pause = rollout?.pause;
  if (!rollout || !pause) return reply(m.refused.not_paused(''));
  const stages = stageCount(rollout);
  const head =
    pause.reason === 'freeze' && pause.freeze
      ? m.paused.freeze(...freezeMd(pause.freeze))
      : m.paused[pause.reason === 'freeze' ? 'failure' : pause.reason](pause.afterStage, stages);
  const ids = new Set(wavesOfStage(rollout, pause.afterStage).flatMap((w) => w.instanceIds));
  const outcomes = (request.execution?.instances ?? []).filter((i) => ids.has(i.instanceId));
  const tally = messagesFor(locale).report.tally(countInstances(outcomes));
  const failed = outcomes.filter((i) => i.status !== 'Success');
  const failedLines = failed.map((i) => {
    const message = i.message ? `: ${escapeAndTruncate(i.message, 200)}` : '';
    return `• ${code(i.instanceId)} ${escapeMrkdwn(i.status)}${message}`;
  });
  const result = [m.waveResult(escapeMrkdwn(tally)), ...failedLines].join('\n');
  const blocks: KnownBlock[] = [
    section(head),
    section(truncate(result, 2800)),
    { type: 'context', elements: [mrkdwnText(m.whoMayAnswer(approversLabel(request, locale)))] },
    rolloutButtons(request, locale),
  ];
  return { text: truncate(m.pausedText(pause.afterStage, stages), SlackLimits.text), blocks };
}

/** The `continue_rollout` and `stop_rollout` buttons (value: the request id). */
export function rolloutButtons(request: InstallRequest, locale: Locale): ActionsBlock {
  const m = messagesFor(locale).rollout;
  const go: Button = {
    type: 'button',
    action_id: ActionIds.continueRollout,
    value: request.id,
    style: 'primary',
    text: plainText(m.continueButton, SlackLimits.buttonText),
  };
  const stop: Button = {
    type: 'button',
    action_id: ActionIds.stopRollout,
    value: request.id,
    style: 'danger',
    text: plainText(m.stopButton, SlackLimits.buttonText),
    confirm: {
      title: plainText(m.stopConfirm.title, SlackLimits.confirmTitle),
      text: mrkdwnText(m.stopConfirm.body, SlackLimits.confirmText),
      confirm: plainText(m.stopConfirm.confirm, SlackLimits.confirmButton),
      deny: plainText(m.stopConfirm.deny, SlackLimits.confirmButton),
      style: 'danger',
    },
  };
  return { type: 'actions', elements: [go, stop] };
}

function renderReminder(request: InstallRequest, locale: Locale): Message {
  const m = messagesFor(locale).rollout;
  const waited = waitedText(request, locale);
  const approvers = request.policy.approvers;
  return reply(
    approvers.length > 0 ? m.reminder(approvers.map(mention).join(' '), waited) : m.reminderAnyone(waited),
  );
}

/** Half the request's TTL, in words ("12 hours"). */
function waitedText(request: InstallRequest, locale: Locale): string {
  const minutes = Math.round(request.policy.ttlMinutes / 2);
  return messagesFor(locale).policy.duration(Math.max(1, minutes));
}

/**
 * The lines the confirmation and `/ecs-ext status` add about the request's guardrails: the reason, the
 * rollout plan and where it stands ("wave 2 of 5"), and the policy version. Empty for a plain request.
 */
export function rolloutSummaryLines(request: InstallRequest, locale: Locale): string[] {
  const m = messagesFor(locale).rollout;
  const lines: string[] = [];
  if (request.reason) lines.push(m.reasonLine(escapeAndTruncate(request.reason, REASON_CHARS)));
  const rollout = request.rollout;
  if (rollout && rollout.waves.length > 1) {
    const stages = stageCount(rollout);
    let line = m.planLine(m.form.modes[rollout.mode], stages);
    const stage = currentStage(rollout);
    if (rollout.stopped) line += ` · ${m.stoppedLine(mention(rollout.stopped.by))}`;
    else if (rollout.pause) line += ` · ${m.pausedLine(rollout.pause.afterStage, stages)}`;
    else if (stage > 0 && stages > 1) line += ` · ${m.waveOf(stage, stages)}`;
    lines.push(line);
  }
  if (request.policyVersion) lines.push(m.policyLine(code(request.policyVersion)));
  return lines;
}

/** "wave 2 of 5" while a multi-wave rollout runs, for the status line; empty otherwise. */
export function waveProgressText(request: InstallRequest, locale: Locale): string {
  const rollout = request.rollout;
  if (!rollout || request.status !== 'running') return '';
  const stages = stageCount(rollout);
  const stage = currentStage(rollout);
  return stages > 1 && stage > 0 ? messagesFor(locale).rollout.waveOf(stage, stages) : '';
}

function section(text: string): KnownBlock {
  return { type: 'section', text: mrkdwnText(text) };
}

function reply(mrkdwn: string): Message {
  return {
    text: truncate(
      mrkdwn
        .replace(/:[a-z_]+: /g, '')
        .replace(/\*/g, '')
        .trim(),
      SlackLimits.text,
    ),
    blocks: [section(mrkdwn)],
  };
}
