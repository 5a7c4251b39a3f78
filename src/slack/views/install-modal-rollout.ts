/**
 * The install modal's rollout inputs (contract blocks `rollout`, `wave_size` and `reason`) and the
 * words of a submission the channel policy refused, keyed by the block each refusal concerns.
 */

import type { ViewStateValue } from '@slack/bolt';
import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import type { SubmissionRejected } from '../../domain/install/types.js';
import type { Locale } from '../../domain/model.js';
import type { PolicyRules, RolloutMode } from '../../domain/policy/channel-policy.js';
import type { PolicyRefusal } from '../../domain/policy/check-submission.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds, BlockIds } from '../ids.js';
import { renderFormErrors } from './form-problems.js';
import { lifecycleErrors } from './install-modal-action.js';
import { SlackLimits } from './limits.js';
import { truncate as clip, plainText } from './text.js';

/** Longest reason kept (one short paragraph). */
export const MAX_REASON_LENGTH = 500;

/** The rollout modes, in the order the select lists them. */
const MODES: readonly RolloutMode[] = ['all', 'canary', 'waves'];

/** Wave size shown when nothing else was chosen. */
const DEFAULT_WAVE_SIZE = 10;

/** What the rollout inputs show: the channel's rules and any earlier choice. */
export interface RolloutInputs {
  rules?: Pick<PolicyRules, 'requireReason' | 'canaryAbove'>;
  mode?: RolloutMode;
  waveSize?: number;
  reason?: string;
}

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(clip(text, SlackLimits.optionText)), value };
}

/** The header, `rollout` and `wave_size` input blocks (3 blocks). */
export function rolloutBlocks(inputs: RolloutInputs, locale: Locale): KnownBlock[] {
  const w = messagesFor(locale).rollout.form;
  const options = MODES.map((mode) => option(w.modes[mode], mode));
  const initial = options[MODES.indexOf(inputs.mode ?? 'all')];
  const mode: InputBlock = {
    type: 'input',
    block_id: BlockIds.rollout,
    label: plainText(w.modeLabel),
    hint: plainText(clip(w.modeHint(inputs.rules?.canaryAbove ?? 0), SlackLimits.inputHint)),
    element: {
      type: 'static_select',
      action_id: ActionIds.rolloutSelect,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
  const waveSize: InputBlock = {
    type: 'input',
    block_id: BlockIds.waveSize,
    optional: true,
    label: plainText(w.waveSizeLabel),
    hint: plainText(w.waveSizeHint),
    element: {
      type: 'number_input',
      action_id: ActionIds.waveSizeInput,
      is_decimal_allowed: false,
      min_value: '1',
      initial_value: String(inputs.waveSize ?? DEFAULT_WAVE_SIZE),
    },
  };
  return [{ type: 'header', block_id: BlockIds.rolloutHeader, text: plainText(w.header) }, mode, waveSize];
}

/** The `reason` input block: required where the channel's policy says so. */
export function reasonBlock(inputs: RolloutInputs, locale: Locale): InputBlock {
  const w = messagesFor(locale).rollout.form;
  const required = inputs.rules?.requireReason ?? false;
  return {
    type: 'input',
    block_id: BlockIds.reason,
    optional: !required,
    label: plainText(w.reasonLabel),
    hint: plainText(w.reasonHint(required)),
    element: {
      type: 'plain_text_input',
      action_id: ActionIds.reasonInput,
      max_length: MAX_REASON_LENGTH,
      placeholder: plainText(w.reasonPlaceholder),
      ...(inputs.reason ? { initial_value: clip(inputs.reason, MAX_REASON_LENGTH) } : {}),
    },
  };
}

/** The raw rollout values of a submitted modal (undefined when left empty or absent). */
export function readRolloutInputs(values: Record<string, Record<string, ViewStateValue>>): {
  rollout?: string;
  waveSize?: string;
  reason?: string;
} {
  const read = (blockId: string): string | undefined => {
    const state = values[blockId] ? Object.values(values[blockId])[0] : undefined;
    const value = state?.selected_option ? state.selected_option.value : state?.value;
    return value === null || value === undefined || value === '' ? undefined : value;
  };
  const rollout = read(BlockIds.rollout);
  const waveSize = read(BlockIds.waveSize);
  const reason = read(BlockIds.reason);
  return {
    ...(rollout !== undefined ? { rollout } : {}),
    ...(waveSize !== undefined ? { waveSize } : {}),
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** The words of one refusal (plain text: modal errors are not mrkdwn). */
export function refusalText(refusal: PolicyRefusal, locale: Locale): string {
  const m = messagesFor(locale).rollout;
  const list = (items: readonly string[]) => items.join(m.listSeparator);
  switch (refusal.rule) {
    case 'freeze':
      return m.refusal.freeze(refusal.window.reason, refusal.until);
    case 'actions':
      return m.refusal.actions(
        m.actionWords[refusal.action],
        list(refusal.allowed.map((a) => m.actionWords[a])),
      );
    case 'packages':
      return m.refusal.packages(refusal.packageName, list(refusal.allowed));
    case 'regions':
      return m.refusal.regions(refusal.regionId, list(refusal.allowed));
    case 'maxInstancesPerRequest':
      return m.refusal.maxInstancesPerRequest(refusal.count, refusal.max);
    case 'requireReason':
      return m.refusal.requireReason;
    case 'canaryAbove':
      return m.refusal.canaryAbove(refusal.count, refusal.canaryAbove);
  }
}

/**
 * Every problem of a refused submission in words, keyed by block: the validation's messages, then the
 * policy's refusals and the rollout problems (several on one block are joined).
 */
export function formErrors(rejected: SubmissionRejected, locale: Locale): Record<string, string> {
  const errors = renderFormErrors(rejected.errors, locale);
  const add = (block: string, text: string) => {
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  };
  for (const refusal of rejected.refusals ?? []) add(refusal.block, refusalText(refusal, locale));
  const m = messagesFor(locale).rollout;
  for (const problem of rejected.rolloutProblems ?? []) {
    if (problem.block === 'wave_size') add(BlockIds.waveSize, m.waveSizeInvalid(problem.max));
    else add(BlockIds.rollout, m.modeInvalid);
  }
  const lifecycle = lifecycleErrors(rejected.lifecycleProblems ?? [], locale);
  for (const [block, text] of Object.entries(lifecycle)) add(block, text);
  return errors;
}
