/**
 * The install modal's `action` block (contract: a select of `install`, `update`, `uninstall`; default
 * install or what the command named), the submit label that follows it, the undo notice, and the words
 * of the pre-flight's refusals of an update or uninstall (keyed by the `instances` or `action` block).
 */
import type { ViewStateValue } from '@slack/bolt';
import type { InputBlock, KnownBlock, PlainTextOption } from '@slack/types';
import {
  type LifecycleProblem,
  REQUEST_ACTIONS,
  type RequestAction,
} from '../../domain/lifecycle/preflight-installed.js';
import type { Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { ActionIds, BlockIds } from '../ids.js';
import { describeError } from './describe-error.js';
import { SlackLimits } from './limits.js';
import { truncate as clip, code, mrkdwnText, plainText } from './text.js';

function option(text: string, value: string): PlainTextOption {
  return { text: plainText(clip(text, SlackLimits.optionText)), value };
}

/**
 * The `action` input block, with `action` (default install) selected. `offered` narrows the options to
 * the actions the channel's policy allows; the selected one always stays (a refusal then says why).
 */
export function actionBlock(
  action: RequestAction | undefined,
  locale: Locale,
  offered: readonly RequestAction[] = REQUEST_ACTIONS,
): InputBlock {
  const w = messagesFor(locale).lifecycle;
  const selected = action ?? 'install';
  const shown = REQUEST_ACTIONS.filter((a) => a === selected || offered.includes(a));
  const options = shown.map((a) => option(w.actions[a], a));
  const initial = options[shown.indexOf(selected)];
  return {
    type: 'input',
    block_id: BlockIds.action,
    label: plainText(w.form.label),
    hint: plainText(clip(w.form.hint, SlackLimits.inputHint)),
    element: {
      type: 'static_select',
      action_id: ActionIds.actionSelect,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

/** The modal's submit label for `action`. */
export function submitLabel(action: RequestAction | undefined, locale: Locale): string {
  return messagesFor(locale).lifecycle.form.submit[action ?? 'install'];
}

/** A context block at the top of an undo's form, naming the request it reverses. */
export function undoNoticeBlock(undoOf: string | undefined, locale: Locale): KnownBlock[] {
  if (!undoOf) return [];
  const text = `:leftwards_arrow_with_hook: ${messagesFor(locale).lifecycle.form.undoNotice(code(undoOf))}`;
  return [{ type: 'context', elements: [mrkdwnText(clip(text, SlackLimits.text))] }];
}

/** The actions a rendered modal offers (its `action` select's options), to render it again alike. */
export function offeredActions(blocks: readonly { block_id?: string }[]): RequestAction[] | undefined {
  const block = blocks.find((b) => b.block_id === BlockIds.action) as
    | { element?: { options?: Array<{ value?: string }> } }
    | undefined;
  const values = block?.element?.options?.map((o) => o.value);
  return values ? REQUEST_ACTIONS.filter((a) => values.includes(a)) : undefined;
}

/** The selected action of a submitted or re-rendered modal (the option value as sent). */
export function readActionInput(values: Record<string, Record<string, ViewStateValue>>): {
  action?: string;
} {
  const state = Object.values(values[BlockIds.action] ?? {})[0];
  const value = state?.selected_option?.value;
  return value ? { action: value } : {};
}

/** The words of each lifecycle problem, keyed by the block it concerns. */
export function lifecycleErrors(
  problems: readonly LifecycleProblem[],
  locale: Locale,
): Record<string, string> {
  const w = messagesFor(locale).lifecycle.problems;
  const errors: Record<string, string> = {};
  const add = (block: string, text: string) => {
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  };
  for (const problem of problems) {
    switch (problem.code) {
      case 'action_invalid':
        add(BlockIds.action, w.actionInvalid);
        break;
      case 'package_not_installed':
        add(BlockIds.instances, w.notInstalled(problem.action, idList(problem.ids)));
        break;
      case 'installed_unreadable': {
        const why = describeError(problem.error, locale);
        add(BlockIds.instances, w.unreadable(idList(problem.ids), `${why.title}.`));
        break;
      }
    }
  }
  return errors;
}

/** Instance ids as plain text for an input hint (Slack shows error texts without mrkdwn). */
function idList(ids: readonly string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} (+${ids.length - 5})` : shown;
}
