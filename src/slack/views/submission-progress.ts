/**
 * The install modal while a slow submission is checked after Slack's deadline: a "checking…" view
 * (sent as the submission's answer), then either "submitted" or the form again, with what was typed
 * kept and each problem shown under its field (errors after the ack can only be shown in the view).
 * Pure functions of the submitted view and the outcome.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import type { Locale } from '../../domain/model.js';
import { messagesFor } from '../i18n/messages.js';
import { SlackLimits } from './limits.js';
import { escapeMrkdwn, mrkdwnText, plainText, truncate } from './text.js';

/** The parts of a submitted view these builders read (Bolt's ViewOutput has them all). */
export interface SubmittedView {
  callback_id: string;
  title: { type: 'plain_text'; text: string; emoji?: boolean };
  submit: { type: 'plain_text'; text: string; emoji?: boolean } | null;
  close: { type: 'plain_text'; text: string; emoji?: boolean } | null;
  blocks: unknown[];
  private_metadata: string;
  state: { values: Record<string, Record<string, object>> };
}

/** The view shown while the checks go on: no inputs, so nothing can be submitted twice. */
export function checkingView(view: SubmittedView, locale: Locale): ModalView {
  const words = messagesFor(locale).submission;
  return {
    type: 'modal',
    title: view.title,
    close: plainText(words.close, SlackLimits.viewButton),
    private_metadata: view.private_metadata,
    blocks: [{ type: 'section', text: mrkdwnText(words.checking) }],
  };
}

/** The view once the request is stored: where its confirmation is. */
export function submittedView(view: SubmittedView, channelId: string, locale: Locale): ModalView {
  const words = messagesFor(locale).submission;
  return {
    type: 'modal',
    title: view.title,
    close: plainText(words.done, SlackLimits.viewButton),
    blocks: [{ type: 'section', text: mrkdwnText(words.submitted(`<#${channelId}>`)) }],
  };
}

/**
 * The form again, as it was submitted (same blocks, ids and callback, with the typed values as initial
 * values), a notice on top, and each error under its input (the rest in the notice).
 */
export function formWithErrors(
  view: SubmittedView,
  errors: Record<string, string>,
  locale: Locale,
): ModalView {
  const words = messagesFor(locale).submission;
  const placed = new Set<string>();
  const blocks: KnownBlock[] = [];
  for (const raw of view.blocks as KnownBlock[]) {
    const block = withValue(raw, view.state.values);
    blocks.push(block);
    const blockId = block.block_id;
    const error = blockId === undefined ? undefined : errors[blockId];
    if (blockId !== undefined && error !== undefined && block.type === 'input') {
      placed.add(blockId);
      blocks.push(errorNote(error));
    }
  }
  const loose = Object.entries(errors)
    .filter(([blockId]) => !placed.has(blockId))
    .map(([, message]) => message);
  const notice = [words.fixBelow, ...loose.map((m) => `• ${escapeMrkdwn(m)}`)].join('\n');
  const top: KnownBlock = { type: 'section', text: mrkdwnText(notice) };
  const fitted = [top, ...blocks].slice(0, SlackLimits.viewBlocks);
  return {
    type: 'modal',
    callback_id: view.callback_id,
    title: view.title,
    // A modal with inputs must have a submit button; Slack sends the form's own with the submission.
    submit: view.submit ?? plainText(words.submit, SlackLimits.viewButton),
    ...(view.close ? { close: view.close } : {}),
    private_metadata: view.private_metadata,
    blocks: fitted,
  };
}

function errorNote(message: string): KnownBlock {
  const text = truncate(`:warning: ${escapeMrkdwn(message)}`, SlackLimits.text);
  return { type: 'context', elements: [mrkdwnText(text)] };
}

/** Element fields that hold a value shown at open, by what the submitted state calls it. */
const INITIAL_FIELDS = [
  'initial_value',
  'initial_option',
  'initial_options',
  'initial_user',
  'initial_users',
  'initial_conversation',
  'initial_conversations',
  'initial_channel',
  'initial_channels',
  'initial_date',
  'initial_time',
] as const;

/** An input block whose element shows what the user had entered (from the view's state). */
function withValue(block: KnownBlock, values: SubmittedView['state']['values']): KnownBlock {
  if (block.type !== 'input' || !block.block_id) return block;
  const element = { ...(block.element as unknown as Record<string, unknown>) };
  const actionId = element.action_id;
  const state = (typeof actionId === 'string' ? values[block.block_id]?.[actionId] : undefined) as
    | Record<string, unknown>
    | undefined;
  if (!state) return block;
  for (const field of INITIAL_FIELDS) delete element[field];
  const initial = initialFrom(state);
  if (initial) element[initial[0]] = initial[1];
  return { ...block, element } as unknown as KnownBlock;
}

/** The `initial_*` field and value that show a state value again, if it has one. */
function initialFrom(state: Record<string, unknown>): [string, unknown] | undefined {
  const pairs: Array<[string, string]> = [
    ['value', 'initial_value'],
    ['selected_option', 'initial_option'],
    ['selected_options', 'initial_options'],
    ['selected_user', 'initial_user'],
    ['selected_users', 'initial_users'],
    ['selected_conversation', 'initial_conversation'],
    ['selected_conversations', 'initial_conversations'],
    ['selected_channel', 'initial_channel'],
    ['selected_channels', 'initial_channels'],
    ['selected_date', 'initial_date'],
    ['selected_time', 'initial_time'],
  ];
  for (const [from, to] of pairs) {
    const value = state[from];
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    return [to, value];
  }
  return undefined;
}
